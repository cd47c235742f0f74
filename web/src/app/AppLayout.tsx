import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { Button, Flex, Grid, Layout, Menu, Tooltip, type InputRef, type MenuProps } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  WarningOutlined,
  QuestionCircleOutlined,
  CheckCircleOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  AppstoreOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  FileTextOutlined,
  MailOutlined,
  MessageOutlined,
  PlusOutlined,
  SearchOutlined,
  SafetyCertificateOutlined,
  FolderOpenOutlined,
  SettingOutlined,
  TeamOutlined,
  SmileOutlined,
  AlertOutlined,
  CarOutlined,
  CommentOutlined,
  ScheduleOutlined,
  InboxOutlined,
  FundOutlined,
  ImportOutlined,
} from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { QuickEntryProvider, useQuickEntry } from '../communications/index.js';
import { GlobalSearchBox } from './GlobalSearchBox.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { UserMenu } from './UserMenu.js';
import { NotificationBell } from '../notifications/index.js';

const SIDER_KEY = 'accord.sider.collapsed';

function isEditable(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

function SideMenu({ collapsed }: { collapsed: boolean }) {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const items: MenuProps['items'] = [
    { key: '/', icon: <DashboardOutlined />, label: t('nav.workbench') },
    { key: '/my-work', icon: <InboxOutlined />, label: <span data-testid="nav-my-work">{t('myWork.nav')}</span> },
    can('customers.read') ? { key: '/customers', icon: <TeamOutlined />, label: t('nav.customers') } : null,
    can('communications.read') ? { key: '/communications', icon: <MessageOutlined />, label: t('nav.communications') } : null,
    can('communications.write')
      ? { key: '/mail/triage', icon: <MailOutlined />, label: <span data-testid="nav-mail-triage">{t('mail.navTriage')}</span> }
      : null,
    can('orders.read') ? { key: '/orders', icon: <ShoppingCartOutlined />, label: <span data-testid="nav-orders">{t('order.nav')}</span> } : null,
    can('surveys.read') ? { key: '/surveys', icon: <SmileOutlined />, label: <span data-testid="nav-surveys">{t('survey.nav')}</span> } : null,
    can('quotations.read') ? { key: '/quotations', icon: <FileTextOutlined />, label: <span data-testid="nav-quotations">{t('quotation.nav')}</span> } : null,
    can('complaints.read') ? { key: '/complaints', icon: <AlertOutlined />, label: <span data-testid="nav-complaints">{t('complaint.nav')}</span> } : null,
    can('products.read') ? { key: '/products', icon: <AppstoreOutlined />, label: <span data-testid="nav-products">{t('product.nav')}</span> } : null,
    can('orders.read') ? { key: '/vendors', icon: <ShopOutlined />, label: <span data-testid="nav-vendors">{t('outsourcing.vendor.nav')}</span> } : null,
    can('visits.read') ? { key: '/visits', icon: <CarOutlined />, label: <span data-testid="nav-visits">{t('visit.nav')}</span> } : null,
    can('registers.read')
      ? {
          key: '/customer-property',
          icon: <SafetyCertificateOutlined />,
          label: <span data-testid="nav-customer-property">{t('registers.property.nav')}</span>,
        }
      : null,
    can('registers.read') ? { key: '/csr', icon: <AuditOutlined />, label: <span data-testid="nav-csr">{t('registers.csr.nav')}</span> } : null,
    can('engineering.read')
      ? { key: '/samples', icon: <CheckCircleOutlined />, label: <span data-testid="nav-samples">{t('engineering.sample.nav')}</span> }
      : null,
    can('engineering.read')
      ? { key: '/process-questions', icon: <QuestionCircleOutlined />, label: <span data-testid="nav-process-questions">{t('engineering.question.nav')}</span> }
      : null,
    can('engineering.read')
      ? { key: '/anomalies', icon: <WarningOutlined />, label: <span data-testid="nav-anomalies">{t('engineering.anomaly.nav')}</span> }
      : null,
    can('service.read')
      ? { key: '/service-requests', icon: <SettingOutlined />, label: <span data-testid="nav-service-requests">{t('service.nav')}</span> }
      : null,
    can('service.read')
      ? { key: '/warranty-rules', icon: <SafetyCertificateOutlined />, label: <span data-testid="nav-warranty-rules">{t('service.rules.nav')}</span> }
      : null,
    can('internal.read') ? { key: '/communication-plans', icon: <CommentOutlined />, label: <span data-testid="nav-plans">{t('internal.nav')}</span> } : null,
    can('internal.read') ? { key: '/meetings', icon: <ScheduleOutlined />, label: <span data-testid="nav-meetings">{t('meeting.nav')}</span> } : null,
    can('kpis.read') ? { key: '/kpis', icon: <FundOutlined />, label: <span data-testid="nav-kpis">{t('kpi.nav')}</span> } : null,
    { key: '/actions', icon: <CheckSquareOutlined />, label: <span data-testid="nav-actions">{t('nav.actions')}</span> },
    { key: '/procedures', icon: <ApartmentOutlined />, label: <span data-testid="nav-procedures">{t('nav.procedures')}</span> },
    { key: '/process-landscape', icon: <ApartmentOutlined />, label: <span data-testid="nav-landscape">{t('nav.landscape')}</span> },
    { key: '/search', icon: <SearchOutlined />, label: t('nav.search') },
    can('customers.write') || can('products.manage') || can('vendors.manage') || can('communications.write')
      ? { key: '/import', icon: <ImportOutlined />, label: <span data-testid="nav-import">{t('spreadsheet.nav')}</span> }
      : null,
    can('audit.read') ? { key: '/audit', icon: <SafetyCertificateOutlined />, label: <span data-testid="nav-audit">{t('audit.nav')}</span> } : null,
    can('records.manage') ? { key: '/records', icon: <FolderOpenOutlined />, label: <span data-testid="nav-records">{t('retention.nav')}</span> } : null,
    can('users.admin')
      ? {
          key: 'admin',
          icon: <SettingOutlined />,
          label: t('nav.admin'),
          children: [
            { key: '/admin/users', label: t('nav.users') },
            { key: '/admin/departments', label: t('nav.departments') },
            { key: '/admin/roles', label: t('nav.roles') },
            { key: '/admin/mail', label: <span data-testid="nav-mail">{t('mail.nav')}</span> },
            { key: '/admin/service-tokens', label: <span data-testid="nav-service-tokens">{t('integration.navServiceTokens')}</span> },
            { key: '/admin/webhooks', label: <span data-testid="nav-webhooks">{t('integration.navWebhooks')}</span> },
            { key: '/admin/calendar', label: <span data-testid="nav-calendar">{t('nav.calendar')}</span> },
          ],
        }
      : // everyone may look at the working calendar; only its maintainers change it
        { key: '/admin/calendar', icon: <CalendarOutlined />, label: <span data-testid="nav-calendar">{t('nav.calendar')}</span> },
  ];
  const selected = pathname === '/' ? '/' : (pathname.match(/^\/(admin\/[^/]+|[^/]+)/)?.[0] ?? pathname);
  return (
    <Menu
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={[selected]}
      defaultOpenKeys={collapsed ? [] : ['admin']}
      onClick={(e) => navigate(e.key)}
      data-testid="side-menu"
    />
  );
}

function Header({ searchRef }: { searchRef: RefObject<InputRef | null> }) {
  const t = useT();
  const can = useCan();
  const quick = useQuickEntry();
  return (
    <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 12, borderBottom: '1px solid #e8eaee' }}>
      <GlobalSearchBox inputRef={searchRef} />
      <div style={{ flex: 1 }} />
      {can('communications.write') && (
        <Tooltip title={t('header.quickEntryHint')}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => quick.open()} data-testid="quick-entry-open">
            {t('header.quickEntry')}
          </Button>
        </Tooltip>
      )}
      <NotificationBell />
      <LanguageSwitch />
      <UserMenu />
    </Layout.Header>
  );
}

/** Alt+N opens quick entry anywhere; "/" jumps to the search box. */
function Shortcuts({ searchRef }: { searchRef: RefObject<InputRef | null> }) {
  const quick = useQuickEntry();
  const can = useCan();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyN') {
        if (!can('communications.write')) return;
        e.preventDefault();
        quick.open();
      } else if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isEditable(e.target)) {
        e.preventDefault();
        searchRef.current?.focus({ cursor: 'all' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [quick, can, searchRef]);
  return null;
}

export function AppLayout({ children }: { children: ReactNode }) {
  const t = useT();
  const navigate = useNavigate();
  const searchRef = useRef<InputRef>(null);
  const [saved, setCollapsed] = useState(() => localStorage.getItem(SIDER_KEY) === '1');
  // on a phone the menu is an icon rail, whatever was chosen on the desktop
  const screens = Grid.useBreakpoint();
  const collapsed = saved || screens.md === false;
  return (
    <QuickEntryProvider>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Sider
          collapsible={screens.md !== false}
          collapsed={collapsed}
          onCollapse={(c) => {
            setCollapsed(c);
            localStorage.setItem(SIDER_KEY, c ? '1' : '0');
          }}
          width={200}
          collapsedWidth={56}
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          <Flex align="center" gap={8} style={{ height: 52, padding: collapsed ? '0 16px' : '0 20px', cursor: 'pointer' }} onClick={() => navigate('/')}>
            <AuditOutlined style={{ color: '#7aa7ff', fontSize: 20 }} />
            {!collapsed && (
              <strong style={{ color: '#fff', fontSize: 16, fontWeight: 600, whiteSpace: 'nowrap' }}>
                Accord <span style={{ color: '#9aa4b2', fontWeight: 400, fontSize: 13 }}>{t('app.short')}</span>
              </strong>
            )}
          </Flex>
          <SideMenu collapsed={collapsed} />
        </Layout.Sider>
        <Layout>
          <Header searchRef={searchRef} />
          <Shortcuts searchRef={searchRef} />
          <Layout.Content style={{ padding: 16, minWidth: 0 }}>{children}</Layout.Content>
        </Layout>
      </Layout>
    </QuickEntryProvider>
  );
}
