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
import { ComplaintListPage } from '../complaints/ComplaintListPage.js';
import { ComplaintNewPage } from '../complaints/ComplaintNewPage.js';
import { ComplaintDetailPage } from '../complaints/ComplaintDetailPage.js';
import { Print8DPage, PrintComplaintFormPage } from '../complaints/PrintPages.js';
import { CustomerLinkPage } from '../complaints/CustomerLinkPage.js';

// the flowchart brings React Flow and elk: loaded when a procedure is opened
const ProcedurePage = lazy(() => import('../procedures/ProcedurePage.js').then((m) => ({ default: m.ProcedurePage })));
const later = (element: ReactNode) => <Suspense fallback={<Skeleton active />}>{element}</Suspense>;

const guarded = (permission: Permission, element: ReactNode) => <RequirePermission permission={permission}>{element}</RequirePermission>;

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
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
      { path: 'complaints', element: guarded('complaints.read', <ComplaintListPage />) },
      { path: 'complaints/new', element: guarded('complaints.write', <ComplaintNewPage />) },
      { path: 'complaints/:id', element: guarded('complaints.read', <ComplaintDetailPage />) },
      { path: 'products', element: guarded('products.read', <ProductListPage />) },
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
      { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
