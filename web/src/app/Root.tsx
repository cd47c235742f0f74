import { useEffect } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import antdZhCN from 'antd/locale/zh_CN';
import antdEnUS from 'antd/locale/en_US';
import { RouterProvider } from 'react-router';
import { isApiError, onUnauthenticated } from '../api/client.js';
import { I18nProvider, useLocale } from '../i18n/index.js';
import { ME_KEY, useMe } from '../identity/session.js';
import { router } from './router.js';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // a 4xx will not get better by asking again
      retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

// the session ended (expired, signed out elsewhere): RequireAuth then sends the user to /login
onUnauthenticated(() => queryClient.setQueryData(ME_KEY, null));

const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1657d9',
    borderRadius: 4,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#101828', headerHeight: 52, headerPadding: '0 16px' },
    Menu: { darkItemBg: '#101828', darkSubMenuItemBg: '#0b1220' },
    Table: { cellPaddingBlockSM: 6 },
  },
};

/** The signed-in user's saved language wins once /me is known. */
function LocaleSync() {
  const { data: me } = useMe();
  const { locale, setLocale } = useLocale();
  useEffect(() => {
    if (me && me.locale !== locale) setLocale(me.locale);
    // only when the user or their saved language changes, not when the UI switches
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me?.id, me?.locale]);
  return null;
}

function Themed() {
  const { locale } = useLocale();
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? antdZhCN : antdEnUS} theme={theme}>
      <AntApp message={{ maxCount: 3 }} notification={{ placement: 'topRight', stack: { threshold: 3 } }}>
        <LocaleSync />
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

export function Root() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Themed />
      </I18nProvider>
    </QueryClientProvider>
  );
}
