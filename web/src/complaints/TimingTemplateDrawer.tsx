import './words.js';
import { useEffect, useState } from 'react';
import { App, Button, Drawer, Flex, Input, InputNumber, Select, Table, Typography, Alert } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { timedSteps, type TimingTemplate } from '../../../contracts/complaints.js';
import { api } from '../api/client.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useProblemHandler } from '../platform/problem.js';
import { CustomerSelect } from '../parties/index.js';
import { useProcedure, useDeadlineText } from '../procedures/index.js';

type Template = z.infer<typeof TimingTemplate>;
type Row = { amount: number | null; unit: 'calendarHours' | 'calendarDays' | 'workingDays' | 'workingHours' };
const units = ['calendarHours', 'calendarDays', 'workingDays', 'workingHours'] as const;

/** 客户时限模板: a customer's deadline per step over the procedure's defaults [standards F 30]. */
export function TimingTemplateDrawer({ open, onClose }: { open: boolean; onClose(): void }) {
  const t = useT();
  const loc = useLocalized();
  const deadlineText = useDeadlineText();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const qc = useQueryClient();
  const { data: def } = useProcedure('complaint');
  const [partyId, setPartyId] = useState<string | undefined>();
  const [rows, setRows] = useState<Record<string, Row>>({});
  const [note, setNote] = useState('');
  const { data } = useQuery({
    queryKey: ['complaint-timing', partyId],
    queryFn: () => api.get<Template>(`/api/complaints/timing-templates/${partyId}`),
    enabled: !!partyId,
  });
  useEffect(() => {
    if (!data) return;
    setRows(Object.fromEntries(timedSteps.map((s) => [s, { amount: data.steps[s]?.amount ?? null, unit: data.steps[s]?.unit ?? 'calendarHours' }])));
    setNote(data.note ?? '');
  }, [data]);
  const save = useMutation({
    mutationFn: () =>
      api.put<Template>(`/api/complaints/timing-templates/${partyId}`, {
        version: data?.version ?? null,
        note: note || null,
        steps: Object.fromEntries(
          Object.entries(rows)
            .filter(([, r]) => r.amount)
            .map(([k, r]) => [k, { amount: r.amount, unit: r.unit }]),
        ),
      }),
    onSuccess: (r) => {
      qc.setQueryData(['complaint-timing', partyId], r);
      message.success(t('common.saved'));
    },
    onError: (e) => onProblem(e, { onReload: () => void qc.invalidateQueries({ queryKey: ['complaint-timing', partyId] }) }),
  });
  const set = (step: string, patch: Partial<Row>) => setRows((r) => ({ ...r, [step]: { ...(r[step] ?? { amount: null, unit: 'calendarHours' }), ...patch } }));
  return (
    <Drawer open={open} onClose={onClose} title={t('complaint.timing.title')} size={720} data-testid="timing-drawer" destroyOnHidden>
      <Alert type="info" showIcon title={t('complaint.timing.hint')} style={{ marginBottom: 12 }} />
      <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
        <Typography.Text>{t('complaint.timing.customer')}</Typography.Text>
        <CustomerSelect value={partyId} onChange={setPartyId} style={{ width: 320 }} data-testid="timing-customer" />
      </Flex>
      {partyId && data && (
        <>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            data-testid="timing-table"
            dataSource={(def?.steps ?? []).filter((s) => (timedSteps as readonly string[]).includes(s.id))}
            columns={[
              { title: t('complaint.timing.step'), key: 'n', render: (_, s) => loc(s.name) },
              { title: t('complaint.timing.default'), key: 'd', width: 130, render: (_, s) => deadlineText(s.deadline) },
              {
                title: t('complaint.timing.deadline'),
                key: 'c',
                width: 250,
                render: (_, s) => (
                  <Flex gap={4}>
                    <InputNumber
                      min={1}
                      max={10000}
                      precision={0}
                      value={rows[s.id]?.amount ?? null}
                      onChange={(v) => set(s.id, { amount: v })}
                      style={{ width: 80 }}
                      data-testid={`timing-${s.id}-amount`}
                    />
                    <Select
                      value={rows[s.id]?.unit ?? 'calendarHours'}
                      onChange={(v) => set(s.id, { unit: v })}
                      style={{ width: 140 }}
                      options={units.map((u) => ({ value: u, label: t(`complaint.timing.units.${u}`) }))}
                      data-testid={`timing-${s.id}-unit`}
                    />
                  </Flex>
                ),
              },
            ]}
          />
          <Flex vertical gap={4} style={{ marginTop: 12 }}>
            <Typography.Text>{t('complaint.timing.note')}</Typography.Text>
            <Input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} data-testid="timing-note" />
          </Flex>
          <Button type="primary" style={{ marginTop: 12 }} loading={save.isPending} onClick={() => save.mutate()} data-testid="timing-save">
            {t('common.save')}
          </Button>
        </>
      )}
    </Drawer>
  );
}
