import { useCallback } from 'react';
import { App, type FormInstance } from 'antd';
import { z } from 'zod';
import type { TProblem } from '../../../contracts/common.js';
import { ApiError, NETWORK_ERROR } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { problemPathToField, type FieldPath } from './problemPath.js';

export { problemPathToField, type FieldPath };

const same = (a: FieldPath, b: FieldPath) => a.length === b.length && a.every((x, i) => String(x) === String(b[i]));

/**
 * Puts each field error of a problem on the form field it names. Returns the errors that
 * match no field of the form (they are shown in the notification instead).
 */
export function applyProblemToForm(form: FormInstance, problem: TProblem): TProblem['errors'] {
  const registered = form.getFieldsError().map((f) => f.name as FieldPath);
  const unmatched: NonNullable<TProblem['errors']> = [];
  const byField = new Map<string, { name: FieldPath; errors: string[] }>();
  for (const err of problem.errors ?? []) {
    const name = problemPathToField(err.path);
    if (name.length && registered.some((r) => same(r, name))) {
      const key = name.join('.');
      const entry = byField.get(key) ?? { name, errors: [] };
      entry.errors.push(err.message);
      byField.set(key, entry);
    } else {
      unmatched.push(err);
    }
  }
  if (byField.size) {
    form.setFields([...byField.values()]);
    const first = [...byField.values()][0];
    if (first) form.scrollToField(first.name, { block: 'center' });
  }
  return unmatched;
}

export interface ProblemOptions {
  form?: FormInstance;
  /** offered on VERSION_CONFLICT: reload the record */
  onReload?: () => void;
}

/**
 * The one error display: field errors onto the form, version conflicts as a
 * "reload?" dialog, anything else as a notification with the server's `detail`.
 */
export function useProblemHandler() {
  const { notification, modal } = App.useApp();
  const t = useT();
  return useCallback(
    (error: unknown, opts: ProblemOptions = {}) => {
      if (error instanceof z.ZodError) {
        notification.error({ title: t('errors.invalidInput'), description: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n') });
        return;
      }
      if (!(error instanceof ApiError)) {
        notification.error({ title: t('errors.unexpected'), description: error instanceof Error ? error.message : String(error) });
        return;
      }
      const p = error.problem;
      if (p.code === NETWORK_ERROR) {
        notification.error({ key: 'network', title: t('errors.networkTitle'), description: t('errors.network') });
        return;
      }
      if (p.code === 'VERSION_CONFLICT') {
        modal.confirm({
          title: t('errors.conflictTitle'),
          content: `${p.detail} ${t('errors.conflictHint')}`,
          okText: t('errors.reloadNow'),
          cancelText: t('common.cancel'),
          onOk: () => opts.onReload?.(),
        });
        return;
      }
      const unmatched = opts.form ? applyProblemToForm(opts.form, p) : p.errors;
      const extra = (unmatched ?? []).map((e) => `${problemPathToField(e.path).join('.') || e.path}: ${e.message}`);
      notification.error({
        key: p.code,
        title: p.detail,
        description: extra.length ? extra.join('\n') : undefined,
        placement: 'topRight',
      });
    },
    [notification, modal, t],
  );
}
