/**
 * The one registry of error codes. Every AppError the server throws names a code from
 * here; the problem+json response carries the code, the HTTP status and the message in
 * the user's language. A test checks every code has both languages.
 */
export const errorCodes = {
  VALIDATION_FAILED: { status: 400, zh: '提交的数据有误，请检查标出的字段。', en: 'Some fields are invalid; check the marked fields.' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录。', en: 'Please sign in first.' },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误。', en: 'Wrong user name or password.' },
  ACCOUNT_LOCKED: { status: 423, zh: '登录失败次数过多，账户已暂时锁定，请稍后再试。', en: 'Too many failed sign-ins; the account is locked for a while. Try again later.' },
  ACCOUNT_DISABLED: { status: 403, zh: '该账户已停用。', en: 'This account is disabled.' },
  FORBIDDEN: { status: 403, zh: '您没有执行此操作的权限。', en: 'You do not have permission to do this.' },
  CSRF_INVALID: { status: 403, zh: '页面已过期，请刷新后重试。', en: 'The page has expired; reload it and try again.' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试。', en: 'Too many requests; try again later.' },
  NOT_FOUND: { status: 404, zh: '找不到该记录。', en: 'The record was not found.' },
  ROUTE_NOT_FOUND: { status: 404, zh: '没有这个接口。', en: 'There is no such endpoint.' },
  VERSION_CONFLICT: { status: 409, zh: '该记录已被他人修改，请刷新后再改。', en: 'Someone else changed this record; reload it and try again.' },
  DUPLICATE_CODE: { status: 409, zh: '编号已存在。', en: 'This code is already in use.' },
  DUPLICATE_USERNAME: { status: 409, zh: '用户名已存在。', en: 'This user name is already taken.' },
  RECORD_VOIDED: { status: 409, zh: '该记录已作废，不能再修改。', en: 'This record is void and can no longer be changed.' },
  REASON_REQUIRED: { status: 422, zh: '请填写修改原因。', en: 'Give a reason for the change.' },
  CONTACT_NOT_OF_PARTY: { status: 422, zh: '联系人不属于该客户。', en: 'The contact does not belong to this customer.' },
  UNKNOWN_RECORD_TYPE: { status: 422, zh: '未知的关联记录类型。', en: 'Unknown linked record type.' },
  LINKED_RECORD_NOT_FOUND: { status: 422, zh: '关联的记录不存在。', en: 'The linked record does not exist.' },
  ATTACHMENT_NOT_FOUND: { status: 422, zh: '附件不存在或已被使用。', en: 'The attachment does not exist or is already attached elsewhere.' },
  FILE_TOO_LARGE: { status: 413, zh: '文件过大。', en: 'The file is too large.' },
  FILE_TYPE_NOT_ALLOWED: { status: 415, zh: '不支持的文件类型。', en: 'This file type is not allowed.' },
  FILE_MISSING: { status: 400, zh: '请选择要上传的文件。', en: 'Choose a file to upload.' },
  WRONG_PASSWORD: { status: 422, zh: '当前密码不正确。', en: 'The current password is wrong.' },
  WEAK_PASSWORD: { status: 422, zh: '新密码至少 10 个字符，且不能与用户名相同。', en: 'The new password needs at least 10 characters and must differ from the user name.' },
  LAST_ADMIN: { status: 409, zh: '不能停用或降级最后一个管理员。', en: 'The last administrator cannot be disabled or demoted.' },
  PROCEDURE_NOT_FOUND: { status: 404, zh: '找不到该程序或其版本。', en: 'The procedure or its version was not found.' },
  PROCEDURE_WRONG_STATE: { status: 409, zh: '记录当前所处的步骤不允许此操作，请刷新后查看可执行的操作。', en: 'The record is not at a step where this action is possible; reload to see the actions available.' },
  PROCEDURE_NOT_YOUR_STEP: { status: 403, zh: '此步骤由其他部门或角色负责。', en: 'Another department or role is responsible for this step.' },
  PROCEDURE_FIELDS_MISSING: { status: 422, zh: '请先填写此步骤要求的内容。', en: 'Fill in what this step requires first.' },
  PROCEDURE_GUARD_FAILED: { status: 422, zh: '条件未满足，不能执行此操作。', en: 'A condition of this action is not met.' },
  PROCEDURE_ALREADY_RUNNING: { status: 409, zh: '该记录上此程序已在运行。', en: 'This procedure is already running on the record.' },
  SIGNATURE_INVALID: { status: 422, zh: '电子签名失败：请重新输入您的登录密码。', en: 'Electronic signature failed: re-enter your sign-in password.' },
  SIGNOFF_NOT_EXPECTED: { status: 409, zh: '该部门无需在此步骤会签，或已会签。', en: 'This department does not sign at this step, or has signed already.' },
  CLOCK_NOT_RUNNING: { status: 409, zh: '计时未在运行。', en: 'The clock is not running.' },
  CLOCK_NOT_PAUSED: { status: 409, zh: '计时未暂停。', en: 'The clock is not paused.' },
  ACTION_WRONG_STATUS: { status: 409, zh: '该措施当前状态不允许此操作。', en: 'The action item is not in a status that allows this.' },
  DUE_DATE_NOT_WORKING_DAY: { status: 422, zh: '期限必须是工作日。', en: 'The due date must be a working day.' },
  DUE_DATE_IN_PAST: { status: 422, zh: '期限不能早于今天。', en: 'The due date cannot be before today.' },
  NOT_ACTION_OWNER: { status: 403, zh: '只有负责人或有管理权限者可以完成该措施。', en: 'Only the owner or a manager can complete this action.' },
  NOT_VERIFIER: { status: 403, zh: '只有指定的验证人可以验证该措施。', en: 'Only the named verifier can verify this action.' },
  ORDER_DUPLICATE_PO: { status: 409, zh: '该客户的此采购单号已登记过订单。如确属另一张订单，请确认后再提交。', en: "An order with this customer PO number is already on file for the customer. If it really is another order, confirm and submit again." },
  ORDER_NOT_EDITABLE: { status: 409, zh: '订单已提交评审，不能再修改；如客户要求变更，请走变更流程重新评审。', en: 'The order has gone to review and can no longer be edited; a customer change needs a change request and a new review.' },
  ORDER_DELIVERY_BEFORE_ORDER_DATE: { status: 422, zh: '要求交期不能早于订单日期。', en: 'The requested delivery date cannot be before the order date.' },
  ORDER_LINE_NOT_FOUND: { status: 422, zh: '订单行不存在。', en: 'The order line does not exist.' },
  ORDER_UNCLEAR_NOTE_REQUIRED: { status: 422, zh: '标记为不清楚的订单行须说明哪里不清楚。', en: 'A line marked unclear needs a note saying what is unclear.' },
  ORDER_CLASSIFICATION_UNCHANGED: { status: 409, zh: '订单已是该分类。', en: 'The order already has this classification.' },
  ORDER_DELIVERY_PLAN_INCOMPLETE: { status: 422, zh: '交货计划须包含每一订单行的日期。', en: 'The delivery plan needs a date for every order line.' },
  ORDER_DELIVERY_DATE_UNCHANGED: { status: 422, zh: '新交期与当前计划日期相同。', en: 'The new date is the same as the planned date.' },
  ORDER_APPROVER_NOT_ALLOWED: { status: 422, zh: '内部批准人须为经理、副总或总经理。', en: 'The internal approver must be a manager, VP or GM.' },
  DELIVERY_CHANGE_ACKNOWLEDGED: { status: 409, zh: '客户已确认该交期变更。', en: 'The customer has already acknowledged this date change.' },
  SHIPMENT_EXCEEDS_ORDER: { status: 422, zh: '出货数量超过订单未交数量。', en: 'The quantity exceeds what is left to ship on the line.' },
  ORDER_WRITTEN_ORDER_MISSING: { status: 422, zh: '口头订单须在交货前补回客户的书面订单。', en: "An oral order needs the customer's written order on file before it ships." },
  CLARIFICATION_NOT_OPEN: { status: 409, zh: '该澄清事项已答复关闭。', en: 'This clarification has already been answered.' },
  ORDER_REVIEW_MEETING_NOT_NOW: { status: 409, zh: '评审会议记录只能在评审进行中（接单、会签或批准阶段）登记。', en: 'Review meeting minutes are recorded while the review runs (intake, sign-off or approval).' },
  VENDOR_NOT_QUALIFIED: { status: 422, zh: '该外包加工商不在合格外包加工商清单上（或已暂停），不能外发。', en: 'This vendor is not on the qualified vendor list (or is suspended); work cannot be sent to it.' },
  CUTTING_SHEET_NOT_EDITABLE: { status: 409, zh: '裁剪单已送审，不能再修改；如需修改请退回草稿。', en: 'The cutting sheet has gone for approval and can no longer be edited; have it returned to draft first.' },
  CUTTING_SHEET_WRONG_STEP: { status: 409, zh: '裁剪单当前步骤不允许此操作。', en: 'The cutting sheet is not at a step that allows this.' },
  NOT_ADDRESSED: { status: 403, zh: '您或您的部门不在发送范围内，不能签收或回复。', en: 'You (or your department) are not addressed; you cannot acknowledge or reply.' },
  ALREADY_ACKNOWLEDGED: { status: 409, zh: '已签收过。', en: 'Already acknowledged.' },
  VISIT_NOT_EDITABLE: { status: 409, zh: '访问已进行或已结案，计划不能再修改；如需改期请先退回计划。', en: 'The visit has taken place or is closed; its plan can no longer be changed (have it returned to planning first).' },
  VISIT_WRONG_STEP: { status: 409, zh: '访问当前步骤不允许此操作。', en: 'The visit is not at a step that allows this.' },
  VISIT_DATES_INVALID: { status: 422, zh: '结束日期不能早于开始日期。', en: 'The end date cannot be before the start date.' },
  MEETING_NOT_DISTRIBUTED: { status: 409, zh: '会议记要尚未分发，不能签收。', en: 'The minutes have not been distributed yet; nothing to acknowledge.' },
  MEETING_ALREADY_DISTRIBUTED: { status: 409, zh: '会议记要已分发，不能再修改。', en: 'The minutes have been distributed and can no longer be changed.' },
  MEETING_MINUTES_MISSING: { status: 422, zh: '请先填写会议记要再分发。', en: 'Write the minutes before distributing them.' },
  PLAN_WRONG_STEP: { status: 409, zh: '沟通计划当前步骤不允许此操作。', en: 'The communication plan is not at a step that allows this.' },
  CALENDAR_RANGE_TOO_LARGE: { status: 400, zh: '日期范围过大（最多 400 天）。', en: 'The date range is too large (400 days at most).' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '提交的内容过大。', en: 'The request is too large.' },
  BAD_REQUEST: { status: 400, zh: '请求格式不正确。', en: 'The request is malformed.' },
  INTERNAL: { status: 500, zh: '服务器内部错误，已记录。', en: 'Internal server error; it has been logged.' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof errorCodes;

export type Locale = 'zh-CN' | 'en-US';
export const locales: readonly Locale[] = ['zh-CN', 'en-US'];

export function errorMessage(code: ErrorCode, locale: Locale): string {
  const entry = errorCodes[code];
  return locale === 'zh-CN' ? entry.zh : entry.en;
}
