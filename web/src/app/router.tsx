import { Children, isValidElement, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import Skeleton from 'antd/es/skeleton';
import { createBrowserRouter, Outlet, type RouteObject } from 'react-router';
import type { Permission } from '../../../contracts/identity.js';
import { RequireAuth, RequirePermission } from './RequireAuth.js';

/**
 * Every page is its own chunk, fetched when its route is first opened: the sign-in page
 * downloads neither the shell nor any other page, and heavy libraries (React Flow + elk on
 * the procedure page, ECharts on the survey analysis) travel only with the pages that draw.
 * A page that fails to load (a new release replaced its chunk) lands on the route's error
 * element, which offers a reload.
 */
function page<M extends Record<string, unknown>, K extends keyof M & string>(load: () => Promise<M>, name: K) {
  let loading: Promise<M> | undefined;
  const once = () =>
    (loading ??= load().catch((e: unknown) => {
      loading = undefined;
      throw e;
    }));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const component = lazy(() => once().then((m) => ({ default: m[name] as M[K] & ComponentType<any> })));
  return Object.assign(component, { preload: once });
}

/** Starts fetching every page component in an element tree (the shell, the guarded page). */
function preloadElement(node: ReactNode) {
  if (!isValidElement(node)) return;
  const type = node.type as { preload?: () => Promise<unknown> };
  if (typeof type.preload === 'function') void type.preload().catch(() => undefined);
  const { children } = node.props as { children?: ReactNode };
  Children.forEach(children, preloadElement);
}

const RouteErrorPage = page(() => import('./RouteError.js'), 'RouteError');
const NotFound = page(() => import('../platform/Forbidden.js'), 'NotFound');
const AppLayout = page(() => import('./AppLayout.js'), 'AppLayout');
const LoginPage = page(() => import('../identity/LoginPage.js'), 'LoginPage');
const ChangePasswordPage = page(() => import('../identity/ChangePasswordPage.js'), 'ChangePasswordPage');
const UsersPage = page(() => import('../identity/admin/UsersPage.js'), 'UsersPage');
const DepartmentsPage = page(() => import('../identity/admin/DepartmentsPage.js'), 'DepartmentsPage');
const RolesPage = page(() => import('../identity/admin/RolesPage.js'), 'RolesPage');
const MailAdminPage = page(() => import('../mail/MailAdminPage.js'), 'MailAdminPage');
const NotificationMailPage = page(() => import('../mail/NotificationMailPage.js'), 'NotificationMailPage');
const PortalSignInPage = page(() => import('../portal/PortalPages.js'), 'PortalSignInPage');
const PortalHomePage = page(() => import('../portal/PortalPages.js'), 'PortalHomePage');
const PortalSurveyPage = page(() => import('../portal/PortalPages.js'), 'PortalSurveyPage');
const ApiTokensPage = page(() => import('../integrations/ApiTokensPage.js'), 'ApiTokensPage');
const ServiceTokensPage = page(() => import('../integrations/ApiTokensPage.js'), 'ServiceTokensPage');
const WebhooksPage = page(() => import('../integrations/WebhooksPage.js'), 'WebhooksPage');
const MailTriagePage = page(() => import('../mail/MailTriagePage.js'), 'MailTriagePage');
const ComposeMailPage = page(() => import('../mail/ComposeMailPage.js'), 'ComposeMailPage');
const WorkbenchPage = page(() => import('../workbench/WorkbenchPage.js'), 'WorkbenchPage');
const CustomerListPage = page(() => import('../parties/CustomerListPage.js'), 'CustomerListPage');
const CustomerNewPage = page(() => import('../parties/CustomerNewPage.js'), 'CustomerNewPage');
const CustomerDetailPage = page(() => import('../parties/CustomerDetailPage.js'), 'CustomerDetailPage');
const CommunicationListPage = page(() => import('../communications/CommunicationListPage.js'), 'CommunicationListPage');
const CommunicationDetailPage = page(() => import('../communications/CommunicationDetailPage.js'), 'CommunicationDetailPage');
const SearchPage = page(() => import('../search/SearchPage.js'), 'SearchPage');
const ProcedureListPage = page(() => import('../procedures/ProcedureListPage.js'), 'ProcedureListPage');
const ProcessLandscapePage = page(() => import('../procedures/ProcessLandscapePage.js'), 'ProcessLandscapePage');
// the flowchart brings React Flow and elk
const ProcedurePage = page(() => import('../procedures/ProcedurePage.js'), 'ProcedurePage');
const ActionListPage = page(() => import('../actions/ActionListPage.js'), 'ActionListPage');
const ActionDetailPage = page(() => import('../actions/ActionDetailPage.js'), 'ActionDetailPage');
const CalendarPage = page(() => import('../calendar/CalendarPage.js'), 'CalendarPage');
const AuditIntegrityPage = page(() => import('../audit/AuditIntegrityPage.js'), 'AuditIntegrityPage');
const RecordsPage = page(() => import('../retention/RecordsPage.js'), 'RecordsPage');
const ProductListPage = page(() => import('../products/ProductListPage.js'), 'ProductListPage');
const OrderListPage = page(() => import('../orders/OrderListPage.js'), 'OrderListPage');
const OrderNewPage = page(() => import('../orders/OrderNewPage.js'), 'OrderNewPage');
const OrderDetailPage = page(() => import('../orders/OrderDetailPage.js'), 'OrderDetailPage');
const PrintDeliveryPlanPage = page(() => import('../orders/PrintPages.js'), 'PrintDeliveryPlanPage');
const PrintTaskSheetPage = page(() => import('../orders/PrintPages.js'), 'PrintTaskSheetPage');
const PrintNoticePage = page(() => import('../orders/PrintPages.js'), 'PrintNoticePage');
const PrintReviewPage = page(() => import('../orders/PrintPages.js'), 'PrintReviewPage');
const VendorListPage = page(() => import('../outsourcing/VendorListPage.js'), 'VendorListPage');
const CuttingSheetPage = page(() => import('../outsourcing/CuttingSheetPage.js'), 'CuttingSheetPage');
const PrintCuttingSheetPage = page(() => import('../outsourcing/PrintCuttingSheetPage.js'), 'PrintCuttingSheetPage');
const CampaignListPage = page(() => import('../surveys/CampaignListPage.js'), 'CampaignListPage');
const CampaignNewPage = page(() => import('../surveys/CampaignNewPage.js'), 'CampaignNewPage');
const CampaignDetailPage = page(() => import('../surveys/CampaignDetailPage.js'), 'CampaignDetailPage');
// the analysis brings ECharts
const AnalysisPage = page(() => import('../surveys/AnalysisPage.js'), 'AnalysisPage');
const TemplatesPage = page(() => import('../surveys/TemplatesPage.js'), 'TemplatesPage');
const RespondPage = page(() => import('../surveys/RespondPage.js'), 'RespondPage');
const ReplyLetterPage = page(() => import('../surveys/ReplyLetterPage.js'), 'ReplyLetterPage');
const SurveyFormPrintPage = page(() => import('../surveys/PrintFormPage.js'), 'SurveyFormPrintPage');
const ResponseRedirect = page(() => import('../surveys/ResponseRedirect.js'), 'ResponseRedirect');
const QuotationListPage = page(() => import('../quotations/QuotationListPage.js'), 'QuotationListPage');
const QuotationEditPage = page(() => import('../quotations/QuotationEditPages.js'), 'QuotationEditPage');
const QuotationNewPage = page(() => import('../quotations/QuotationEditPages.js'), 'QuotationNewPage');
const QuotationDetailPage = page(() => import('../quotations/QuotationDetailPage.js'), 'QuotationDetailPage');
const PrintQuotationPage = page(() => import('../quotations/PrintQuotationPage.js'), 'PrintQuotationPage');
const PricePendingPage = page(() => import('../quotations/PricePendingPage.js'), 'PricePendingPage');
const ComplaintListPage = page(() => import('../complaints/ComplaintListPage.js'), 'ComplaintListPage');
const ComplaintNewPage = page(() => import('../complaints/ComplaintNewPage.js'), 'ComplaintNewPage');
const ComplaintDetailPage = page(() => import('../complaints/ComplaintDetailPage.js'), 'ComplaintDetailPage');
const Print8DPage = page(() => import('../complaints/PrintPages.js'), 'Print8DPage');
const PrintComplaintFormPage = page(() => import('../complaints/PrintPages.js'), 'PrintComplaintFormPage');
const Print8DCustomerPage = page(() => import('../complaints/Print8DCustomerPage.js'), 'Print8DCustomerPage');
const CustomerLinkPage = page(() => import('../complaints/CustomerLinkPage.js'), 'CustomerLinkPage');
const VisitListPage = page(() => import('../visits/VisitListPage.js'), 'VisitListPage');
const VisitDetailPage = page(() => import('../visits/VisitDetailPage.js'), 'VisitDetailPage');
const PrintVisitNoticePage = page(() => import('../visits/PrintVisitNoticePage.js'), 'PrintVisitNoticePage');
const PropertyListPage = page(() => import('../registers/PropertyListPage.js'), 'PropertyListPage');
const PropertyDetailPage = page(() => import('../registers/PropertyDetailPage.js'), 'PropertyDetailPage');
const CsrListPage = page(() => import('../registers/CsrListPage.js'), 'CsrListPage');
const CsrDetailPage = page(() => import('../registers/CsrDetailPage.js'), 'CsrDetailPage');
const SampleListPage = page(() => import('../engineering/SampleListPage.js'), 'SampleListPage');
const SampleDetailPage = page(() => import('../engineering/SampleDetailPage.js'), 'SampleDetailPage');
const QuestionListPage = page(() => import('../engineering/QuestionPages.js'), 'QuestionListPage');
const QuestionDetailPage = page(() => import('../engineering/QuestionPages.js'), 'QuestionDetailPage');
const AnomalyListPage = page(() => import('../engineering/AnomalyPages.js'), 'AnomalyListPage');
const AnomalyDetailPage = page(() => import('../engineering/AnomalyPages.js'), 'AnomalyDetailPage');
const ServiceListPage = page(() => import('../service/ServiceListPage.js'), 'ServiceListPage');
const ServiceDetailPage = page(() => import('../service/ServiceDetailPage.js'), 'ServiceDetailPage');
const WarrantyRulesPage = page(() => import('../service/WarrantyRulesPage.js'), 'WarrantyRulesPage');
const PlanDetailPage = page(() => import('../internal/PlanPages.js'), 'PlanDetailPage');
const PlanListPage = page(() => import('../internal/PlanPages.js'), 'PlanListPage');
const MeetingDetailPage = page(() => import('../internal/MeetingPages.js'), 'MeetingDetailPage');
const MeetingListPage = page(() => import('../internal/MeetingPages.js'), 'MeetingListPage');
const PrintMinutesPage = page(() => import('../internal/PrintMinutesPage.js'), 'PrintMinutesPage');
// the dashboard brings ECharts
const KpiDashboardPage = page(() => import('../kpis/KpiDashboardPage.js'), 'KpiDashboardPage');
const KpiReportPage = page(() => import('../kpis/KpiReportPage.js'), 'KpiReportPage');
const MyWorkPage = page(() => import('../mywork/MyWorkPage.js'), 'MyWorkPage');
const ImportPage = page(() => import('../spreadsheets/ImportPage.js'), 'ImportPage');

/** While a page without the app shell (sign-in, links, print forms) or the shell itself loads: the boot screen of index.html. */
const booting = <div className="boot">Accord …</div>;
/** While a page inside the shell loads: the menus stay, the content area shows a skeleton. */
const pageLoading = <Skeleton active style={{ padding: 24 }} />;

/** A page that crashed or failed to load (its error screen is fetched then). */
function RouteError() {
  return (
    <Suspense fallback={null}>
      <RouteErrorPage />
    </Suspense>
  );
}

const guarded = (permission: Permission, element: ReactNode) => <RequirePermission permission={permission}>{element}</RequirePermission>;

const routes: RouteObject[] = [
  {
    element: (
      <Suspense fallback={booting}>
        <Outlet />
      </Suspense>
    ),
    children: [
      { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
      // a customer's survey link: no account, no app shell
      { path: '/s/:token', element: <RespondPage />, errorElement: <RouteError /> },
      {
        // 客户满意度调查表 on paper, one sheet per customer
        path: 'surveys/campaigns/:id/form',
        element: <RequireAuth>{guarded('surveys.read', <SurveyFormPrintPage />)}</RequireAuth>,
        errorElement: <RouteError />,
      },
      {
        path: 'surveys/campaigns/:id/letters/:partyId',
        element: <RequireAuth>{guarded('surveys.read', <ReplyLetterPage />)}</RequireAuth>,
        errorElement: <RouteError />,
      },
      // the customer's tokenised link: no account, no app shell
      { path: '/c/:token', element: <CustomerLinkPage />, errorElement: <RouteError /> },
      // the customer portal: its own session (cookie on /api/portal), no staff shell
      { path: '/portal/sign-in', element: <PortalSignInPage />, errorElement: <RouteError /> },
      { path: '/portal', element: <PortalHomePage />, errorElement: <RouteError /> },
      { path: '/portal/surveys/:id', element: <PortalSurveyPage />, errorElement: <RouteError /> },
      {
        // print forms: the page is the paper form, without the app's menus
        path: 'orders/:id/print',
        element: (
          <RequireAuth>
            <Outlet />
          </RequireAuth>
        ),
        errorElement: <RouteError />,
        children: [
          { path: 'review', element: guarded('orders.read', <PrintReviewPage />) },
          { path: 'notice', element: guarded('orders.read', <PrintNoticePage />) },
          { path: 'delivery-plan', element: guarded('orders.read', <PrintDeliveryPlanPage />) },
          { path: 'task-sheet', element: guarded('orders.read', <PrintTaskSheetPage />) },
        ],
      },
      {
        path: 'cutting-sheets/:id/print',
        element: <RequireAuth>{guarded('orders.read', <PrintCuttingSheetPage />)}</RequireAuth>,
        errorElement: <RouteError />,
      },
      {
        path: 'quotations/:id/print',
        element: <RequireAuth>{guarded('quotations.read', <PrintQuotationPage />)}</RequireAuth>,
        errorElement: <RouteError />,
      },
      {
        path: 'complaints/:id/print',
        element: (
          <RequireAuth>
            <Outlet />
          </RequireAuth>
        ),
        errorElement: <RouteError />,
        children: [
          { path: '8d', element: guarded('complaints.read', <Print8DPage />) },
          { path: 'form', element: guarded('complaints.read', <PrintComplaintFormPage />) },
          { path: '8d-customer', element: guarded('complaints.read', <Print8DCustomerPage />) },
        ],
      },
      {
        path: 'visits/:id/print',
        element: <RequireAuth>{guarded('visits.read', <PrintVisitNoticePage />)}</RequireAuth>,
        errorElement: <RouteError />,
      },
      {
        // the monthly KPI report and management-review input, a print page
        path: 'kpis/report',
        element: <RequireAuth>{guarded('kpis.read', <KpiReportPage />)}</RequireAuth>,
        errorElement: <RouteError />,
      },
      {
        path: 'meetings/:id/print',
        element: <RequireAuth>{guarded('internal.read', <PrintMinutesPage />)}</RequireAuth>,
        errorElement: <RouteError />,
      },
      {
        element: (
          <RequireAuth>
            <AppLayout>
              <Suspense fallback={pageLoading}>
                <Outlet />
              </Suspense>
            </AppLayout>
          </RequireAuth>
        ),
        errorElement: <RouteError />,
        children: [
          {
            // a page that fails renders its error inside the shell, menus still work
            errorElement: <RouteError />,
            children: [
              { index: true, element: <WorkbenchPage /> },
              { path: 'customers', element: guarded('customers.read', <CustomerListPage />) },
              // the page offers the kinds the user may import; the server checks each kind's permission
              { path: 'import', element: <ImportPage /> },
              { path: 'customers/new', element: guarded('customers.write', <CustomerNewPage />) },
              { path: 'customers/:id', element: guarded('customers.read', <CustomerDetailPage />) },
              { path: 'communications', element: guarded('communications.read', <CommunicationListPage />) },
              { path: 'communications/:id', element: guarded('communications.read', <CommunicationDetailPage />) },
              { path: 'orders', element: guarded('orders.read', <OrderListPage />) },
              { path: 'orders/new', element: guarded('orders.write', <OrderNewPage />) },
              { path: 'orders/:id', element: guarded('orders.read', <OrderDetailPage />) },
              { path: 'quotations', element: guarded('quotations.read', <QuotationListPage />) },
              { path: 'quotations/new', element: guarded('quotations.write', <QuotationNewPage />) },
              { path: 'quotations/price-pending', element: guarded('quotations.read', <PricePendingPage />) },
              { path: 'quotations/:id', element: guarded('quotations.read', <QuotationDetailPage />) },
              { path: 'quotations/:id/edit', element: guarded('quotations.write', <QuotationEditPage />) },
              { path: 'complaints', element: guarded('complaints.read', <ComplaintListPage />) },
              { path: 'complaints/new', element: guarded('complaints.write', <ComplaintNewPage />) },
              { path: 'complaints/:id', element: guarded('complaints.read', <ComplaintDetailPage />) },
              { path: 'products', element: guarded('products.read', <ProductListPage />) },
              { path: 'vendors', element: guarded('orders.read', <VendorListPage />) },
              { path: 'cutting-sheets/:id', element: guarded('orders.read', <CuttingSheetPage />) },
              { path: 'surveys', element: guarded('surveys.read', <CampaignListPage />) },
              { path: 'surveys/new', element: guarded('surveys.write', <CampaignNewPage />) },
              { path: 'surveys/templates', element: guarded('surveys.read', <TemplatesPage />) },
              { path: 'surveys/campaigns/:id', element: guarded('surveys.read', <CampaignDetailPage />) },
              { path: 'surveys/campaigns/:id/analysis', element: guarded('surveys.answers.read', <AnalysisPage />) },
              { path: 'surveys/responses/:id', element: guarded('surveys.answers.read', <ResponseRedirect />) },
              { path: 'search', element: <SearchPage /> },
              { path: 'procedures', element: <ProcedureListPage /> },
              { path: 'process-landscape', element: <ProcessLandscapePage /> },
              { path: 'procedures/:id', element: <ProcedurePage /> },
              { path: 'actions', element: <ActionListPage /> },
              { path: 'actions/:id', element: <ActionDetailPage /> },
              { path: 'admin/calendar', element: <CalendarPage /> },
              { path: 'audit', element: guarded('audit.read', <AuditIntegrityPage />) },
              { path: 'records', element: guarded('records.manage', <RecordsPage />) },
              { path: 'admin/users', element: guarded('users.admin', <UsersPage />) },
              { path: 'admin/departments', element: guarded('users.admin', <DepartmentsPage />) },
              { path: 'admin/roles', element: guarded('users.admin', <RolesPage />) },
              { path: 'admin/mail', element: guarded('users.admin', <MailAdminPage />) },
              { path: 'admin/service-tokens', element: guarded('users.admin', <ServiceTokensPage />) },
              { path: 'admin/webhooks', element: guarded('users.admin', <WebhooksPage />) },
              { path: 'admin/webhooks/:id', element: guarded('users.admin', <WebhooksPage />) },
              { path: 'mail/triage', element: guarded('communications.write', <MailTriagePage />) },
              { path: 'mail/compose', element: guarded('communications.write', <ComposeMailPage />) },
              { path: 'account/password', element: <ChangePasswordPage /> },
              { path: 'account/tokens', element: <ApiTokensPage /> },
              { path: 'account/notifications', element: <NotificationMailPage /> },
              { path: 'visits', element: guarded('visits.read', <VisitListPage />) },
              { path: 'visits/:id', element: guarded('visits.read', <VisitDetailPage />) },
              { path: 'customer-property', element: guarded('registers.read', <PropertyListPage />) },
              { path: 'customer-property/:id', element: guarded('registers.read', <PropertyDetailPage />) },
              { path: 'csr', element: guarded('registers.read', <CsrListPage />) },
              { path: 'csr/:id', element: guarded('registers.read', <CsrDetailPage />) },
              { path: 'samples', element: guarded('engineering.read', <SampleListPage />) },
              { path: 'samples/:id', element: guarded('engineering.read', <SampleDetailPage />) },
              { path: 'process-questions', element: guarded('engineering.read', <QuestionListPage />) },
              { path: 'process-questions/:id', element: guarded('engineering.read', <QuestionDetailPage />) },
              { path: 'anomalies', element: guarded('engineering.read', <AnomalyListPage />) },
              { path: 'anomalies/:id', element: guarded('engineering.read', <AnomalyDetailPage />) },
              { path: 'service-requests', element: guarded('service.read', <ServiceListPage />) },
              { path: 'service-requests/:id', element: guarded('service.read', <ServiceDetailPage />) },
              { path: 'warranty-rules', element: guarded('service.read', <WarrantyRulesPage />) },
              { path: 'communication-plans', element: guarded('internal.read', <PlanListPage />) },
              { path: 'communication-plans/:id', element: guarded('internal.read', <PlanDetailPage />) },
              { path: 'meetings', element: guarded('internal.read', <MeetingListPage />) },
              { path: 'meetings/:id', element: guarded('internal.read', <MeetingDetailPage />) },
              { path: 'my-work', element: <MyWorkPage /> },
              { path: 'kpis', element: guarded('kpis.read', <KpiDashboardPage />) },
              { path: '*', element: <NotFound /> },
            ],
          },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);

// The page being opened is fetched at once, beside the dictionary and /me, not after them — from the matches the router
// has just made (matching the ninety routes again costs a few tens of milliseconds of a phone's first load)
if (typeof window !== 'undefined') for (const match of router.state.matches) preloadElement(match.route.element);
