import type { TOrder } from './api.js';
import type { OrderDialog } from './OrderDetailPage.js';
import { OrderEditDrawer } from './OrderEditDrawer.js';
import {
  AcknowledgeChangeModal,
  AnswerClarificationModal,
  AskClarificationModal,
  ConfirmRequirementsModal,
  DeliveryChangeModal,
  DeliveryPlanModal,
  OverrideModal,
  ShipmentModal,
  WrittenOrderModal,
  AcceptanceModal,
  WaiverModal,
  ReviewMeetingModal,
  StatutoryModal,
} from './OrderDialogs.js';

/**
 * The order page's edit drawer and dialogs, in their own chunk: the page fetches it when a dialog is
 * first opened (their forms, date pickers and uploads are not part of the page's first load).
 */
export function OrderDialogHost({ order, dialog, onClose, onReload }: { order: TOrder; dialog: OrderDialog; onClose: () => void; onReload: () => void }) {
  const close = onClose;
  const reload = onReload;
  return (
    <>
      <OrderEditDrawer order={order} open={dialog?.kind === 'edit'} onClose={close} onReload={reload} />
      <OverrideModal order={order} open={dialog?.kind === 'override'} onClose={close} onReload={reload} />
      <AskClarificationModal order={order} open={dialog?.kind === 'ask'} onClose={close} onReload={reload} />
      <AnswerClarificationModal order={order} clarification={dialog?.kind === 'answer' ? dialog.clarification : null} onClose={close} onReload={reload} />
      <WrittenOrderModal order={order} open={dialog?.kind === 'written'} onClose={close} onReload={reload} />
      <ConfirmRequirementsModal order={order} open={dialog?.kind === 'confirm'} onClose={close} onReload={reload} />
      <DeliveryPlanModal order={order} open={dialog?.kind === 'plan'} onClose={close} onReload={reload} />
      <DeliveryChangeModal order={order} line={dialog?.kind === 'change' ? dialog.line : null} onClose={close} onReload={reload} />
      <AcknowledgeChangeModal order={order} change={dialog?.kind === 'ack' ? dialog.change : null} onClose={close} onReload={reload} />
      <ShipmentModal order={order} open={dialog?.kind === 'ship'} onClose={close} onReload={reload} />
      <AcceptanceModal order={order} open={dialog?.kind === 'acceptance'} onClose={close} onReload={reload} />
      <WaiverModal order={order} open={dialog?.kind === 'waiver'} onClose={close} onReload={reload} />
      <ReviewMeetingModal order={order} open={dialog?.kind === 'meeting'} onClose={close} onReload={reload} />
      <StatutoryModal order={order} item={dialog?.kind === 'statutory' ? dialog.item : null} onClose={close} onReload={reload} />
    </>
  );
}
