import { lazy, Suspense, type ReactNode } from 'react';
import { Skeleton } from 'antd';
import { createBrowserRouter, Outlet } from 'react-router';
import type { Permission } from '../../../contracts/identity.js';
import { RequireAuth, RequirePermission } from './RequireAuth.js';
import { RouteError } from './RouteError.js';
import { AppLayout } from './AppLayout.js';
import { NotFound } from '../platform/Forbidden.js';
import { LoginPage } from '../identity/LoginPage.js';
import { ChangePasswordPage } from '../identity/ChangePasswordPage.js';
import { UsersPage } from '../identity/admin/UsersPage.js';
import { DepartmentsPage } from '../identity/admin/DepartmentsPage.js';
import { RolesPage } from '../identity/admin/RolesPage.js';
import { WorkbenchPage } from '../workbench/WorkbenchPage.js';
import { CustomerListPage } from '../parties/CustomerListPage.js';
import { CustomerNewPage } from '../parties/CustomerNewPage.js';
import { CustomerDetailPage } from '../parties/CustomerDetailPage.js';
import { CommunicationListPage } from '../communications/CommunicationListPage.js';
import { CommunicationDetailPage } from '../communications/CommunicationDetailPage.js';
import { SearchPage } from '../search/SearchPage.js';
import { ProcedureListPage } from '../procedures/ProcedureListPage.js';
import { ActionListPage } from '../actions/ActionListPage.js';
import { ActionDetailPage } from '../actions/ActionDetailPage.js';
import { CalendarPage } from '../calendar/CalendarPage.js';
import { ProductListPage } from '../products/ProductListPage.js';
import { OrderListPage } from '../orders/OrderListPage.js';
import { OrderNewPage } from '../orders/OrderNewPage.js';
import { OrderDetailPage } from '../orders/OrderDetailPage.js';
import { PrintDeliveryPlanPage, PrintNoticePage, PrintReviewPage } from '../orders/PrintPages.js';
import { VendorListPage } from '../outsourcing/VendorListPage.js';
import { CuttingSheetPage } from '../outsourcing/CuttingSheetPage.js';
import { PrintCuttingSheetPage } from '../outsourcing/PrintCuttingSheetPage.js';
import { CampaignListPage } from '../surveys/CampaignListPage.js';
import { CampaignNewPage } from '../surveys/CampaignNewPage.js';
import { CampaignDetailPage } from '../surveys/CampaignDetailPage.js';
import { TemplatesPage } from '../surveys/TemplatesPage.js';
import { RespondPage } from '../surveys/RespondPage.js';
import { ReplyLetterPage } from '../surveys/ReplyLetterPage.js';
import { ResponseRedirect } from '../surveys/ResponseRedirect.js';
import { QuotationListPage } from '../quotations/QuotationListPage.js';
import { QuotationEditPage, QuotationNewPage } from '../quotations/QuotationEditPages.js';
import { QuotationDetailPage } from '../quotations/QuotationDetailPage.js';
import { PrintQuotationPage } from '../quotations/PrintQuotationPage.js';
import { PricePendingPage } from '../quotations/PricePendingPage.js';
import { ComplaintListPage } from '../complaints/ComplaintListPage.js';
import { ComplaintNewPage } from '../complaints/ComplaintNewPage.js';
import { ComplaintDetailPage } from '../complaints/ComplaintDetailPage.js';
import { Print8DPage, PrintComplaintFormPage } from '../complaints/PrintPages.js';
import { CustomerLinkPage } from '../complaints/CustomerLinkPage.js';
import { VisitListPage } from '../visits/VisitListPage.js';
import { VisitDetailPage } from '../visits/VisitDetailPage.js';
import { PrintVisitNoticePage } from '../visits/PrintVisitNoticePage.js';
import { PlanDetailPage, PlanListPage } from '../internal/PlanPages.js';
import { MeetingDetailPage, MeetingListPage } from '../internal/MeetingPages.js';
import { PrintMinutesPage } from '../internal/PrintMinutesPage.js';
import { MyWorkPage } from '../mywork/MyWorkPage.js';

// the flowchart brings React Flow and elk: loaded when a procedure is opened
const ProcedurePage = lazy(() => import('../procedures/ProcedurePage.js').then((m) => ({ default: m.ProcedurePage })));
// the analysis brings ECharts: loaded when it is opened
const AnalysisPage = lazy(() => import('../surveys/AnalysisPage.js').then((m) => ({ default: m.AnalysisPage })));
const later = (element: ReactNode) => <Suspense fallback={<Skeleton active />}>{element}</Suspense>;

const guarded = (permission: Permission, element: ReactNode) => <RequirePermission permission={permission}>{element}</RequirePermission>;

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  // a customer's survey link: no account, no app shell
  { path: '/s/:token', element: <RespondPage />, errorElement: <RouteError /> },
  {
    path: 'surveys/campaigns/:id/letters/:partyId',
    element: <RequireAuth>{guarded('surveys.read', <ReplyLetterPage />)}</RequireAuth>,
    errorElement: <RouteError />,
  },
  // the customer's tokenised link: no account, no app shell
  { path: '/c/:token', element: <CustomerLinkPage />, errorElement: <RouteError /> },
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
    ],
  },
  {
    path: 'visits/:id/print',
    element: <RequireAuth>{guarded('visits.read', <PrintVisitNoticePage />)}</RequireAuth>,
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
          <Outlet />
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
      { path: 'surveys/campaigns/:id/analysis', element: guarded('surveys.answers.read', later(<AnalysisPage />)) },
      { path: 'surveys/responses/:id', element: guarded('surveys.answers.read', <ResponseRedirect />) },
      { path: 'search', element: <SearchPage /> },
      { path: 'procedures', element: <ProcedureListPage /> },
      { path: 'procedures/:id', element: later(<ProcedurePage />) },
      { path: 'actions', element: <ActionListPage /> },
      { path: 'actions/:id', element: <ActionDetailPage /> },
      { path: 'admin/calendar', element: <CalendarPage /> },
      { path: 'admin/users', element: guarded('users.admin', <UsersPage />) },
      { path: 'admin/departments', element: guarded('users.admin', <DepartmentsPage />) },
      { path: 'admin/roles', element: guarded('users.admin', <RolesPage />) },
      { path: 'account/password', element: <ChangePasswordPage /> },
      { path: 'visits', element: guarded('visits.read', <VisitListPage />) },
      { path: 'visits/:id', element: guarded('visits.read', <VisitDetailPage />) },
      { path: 'communication-plans', element: guarded('internal.read', <PlanListPage />) },
      { path: 'communication-plans/:id', element: guarded('internal.read', <PlanDetailPage />) },
      { path: 'meetings', element: guarded('internal.read', <MeetingListPage />) },
      { path: 'meetings/:id', element: guarded('internal.read', <MeetingDetailPage />) },
      { path: 'my-work', element: <MyWorkPage /> },
      { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
