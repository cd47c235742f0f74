import { useId } from 'react';
import { App } from 'antd';
import useSegmentedStyle from 'antd/es/segmented/style';
import type { Locale } from '../../../contracts/errors.js';
import { useLocale, useT } from '../i18n/index.js';
import { useSwitchLocale } from '../identity/index.js';

const PREFIX = 'ant-segmented';
const OPTIONS: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en-US', label: 'EN' },
];

/**
 * 中文 | EN — switches at once; when signed in the choice is saved to the user.
 *
 * Ant Design's Segmented in its own markup and styles (two native radios: arrow keys and screen readers as any radio
 * group), without the component: its sliding thumb and motion are ~3.5 kB of brotli on every first load (the sign-in
 * page and the shell both draw this switch) for one animation.
 */
export function LanguageSwitch() {
  const { locale } = useLocale();
  const switchLocale = useSwitchLocale();
  const { message } = App.useApp();
  const t = useT();
  const name = useId();
  // the segmented control's design tokens as CSS variables, as antd's Segmented registers them (its rules come with its stylesheet part)
  const [hashId, cssVarCls] = useSegmentedStyle(PREFIX);
  return (
    <div role="radiogroup" aria-label={t('header.language')} className={`${PREFIX} ${PREFIX}-sm ${hashId} ${cssVarCls}`}>
      <div className={`${PREFIX}-group`}>
        {OPTIONS.map((o) => {
          const selected = o.value === locale;
          return (
            <label key={o.value} className={`${PREFIX}-item${selected ? ` ${PREFIX}-item-selected` : ''}`}>
              <input
                className={`${PREFIX}-item-input`}
                type="radio"
                name={name}
                checked={selected}
                onChange={() => {
                  switchLocale(o.value).catch(() => message.warning(t('header.languageNotSaved')));
                }}
              />
              <div className={`${PREFIX}-item-label`}>
                <span data-testid={`lang-${o.value}`} lang={o.value}>
                  {o.label}
                </span>
              </div>
            </label>
          );
        })}
      </div>
    </div>
  );
}
