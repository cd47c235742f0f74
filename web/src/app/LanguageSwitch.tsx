import { App, Segmented } from 'antd';
import type { Locale } from '../../../contracts/errors.js';
import { useLocale, useT } from '../i18n/index.js';
import { useSwitchLocale } from '../identity/index.js';

/** 中文 | EN — switches at once; when signed in the choice is saved to the user. */
export function LanguageSwitch() {
  const { locale } = useLocale();
  const switchLocale = useSwitchLocale();
  const { message } = App.useApp();
  const t = useT();
  return (
    <Segmented<Locale>
      size="small"
      value={locale}
      aria-label={t('header.language')}
      options={[
        { value: 'zh-CN', label: <span data-testid="lang-zh-CN" lang="zh-CN">中文</span> },
        { value: 'en-US', label: <span data-testid="lang-en-US" lang="en-US">EN</span> },
      ]}
      onChange={(v) => {
        switchLocale(v).catch(() => message.warning(t('header.languageNotSaved')));
      }}
    />
  );
}
