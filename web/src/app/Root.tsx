import { useEffect } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
// deep imports: the entry names only the components it draws, not antd's index (which names every component)
import AntApp from 'antd/es/app';
import ConfigProvider, { type ThemeConfig } from 'antd/es/config-provider';
import antdZhCN from 'antd/locale/zh_CN';
import antdEnUS from 'antd/locale/en_US';
import { RouterProvider } from 'react-router';
import { isApiError, onUnauthenticated } from '../api/client.js';
import { I18nProvider, useLocale } from '../i18n/index.js';
import { ME_KEY, prefetchMe, useMe } from '../identity/index.js';
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
prefetchMe(queryClient);

const darker = { green: '#237804', gold: '#874d00', orange: '#ad4e00', cyan: '#006d75', lime: '#3f6600', yellow: '#876800', volcano: '#ad2102' };
const tagContrast = {
  ...Object.fromEntries(
    Object.entries(darker).flatMap(([c, hex]) => [
      [`${c}7`, hex],
      [`${c}-7`, hex],
    ]),
  ),
  colorSuccess: darker.green,
  colorWarning: darker.gold,
  colorError: '#cf1322',
};

/** A user who asked the system for less motion gets none: dialogs and drawers appear without zooming or sliding. */
const reducedMotion = typeof window !== 'undefined' && !!window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

const theme: ThemeConfig = {
  // styles come from antd/dist/antd.css (linked by main.tsx); the tokens below still reach them as CSS variables
  zeroRuntime: true,
  token: {
    motion: !reducedMotion,
    colorPrimary: '#1657d9',
    // WCAG AA (4.5:1) for small text: antd's secondary text (45 % black), placeholders (25 %)
    // and links (#1677ff) fall short on white
    colorLink: '#1657d9',
    colorInfo: '#1657d9',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    borderRadius: 4,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#101828', headerHeight: 52, headerPadding: '0 16px' },
    Menu: { darkItemBg: '#101828', darkSubMenuItemBg: '#0b1220' },
    Table: { cellPaddingBlockSM: 6 },
    // light tags write in the 7th shade of their colour on the 1st: too pale for green, gold,
    // orange, cyan, lime, yellow, volcano and the status colours — the darker shades (≥ 4.5:1)
    Tag: tagContrast,
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
