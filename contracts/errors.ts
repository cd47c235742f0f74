/**
 * The one registry of error codes. Every AppError the server throws names a code from
 * here; the problem+json response carries the code, the HTTP status and the message in
 * the user's language. A test checks every code has both languages.
 */
export const errorCodes = {
  VALIDATION_FAILED: { status: 400, zh: '提交的数据有误，请检查标出的字段。', en: 'Some fields are invalid; check the marked fields.' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录。', en: 'Please sign in first.' },
  // one answer for an unknown user name, a wrong password and a locked account: nothing tells which
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误；多次失败后账户会暂时锁定，请稍后再试。', en: 'Wrong user name or password. After several failures the account is locked for a while; try again later.' },
  ACCOUNT_DISABLED: { status: 403, zh: '该账户已停用。', en: 'This account is disabled.' },
  FORBIDDEN: { status: 403, zh: '您没有执行此操作的权限。', en: 'You do not have permission to do this.' },
  FIELD_NOT_PERMITTED: { status: 403, zh: '您无权填写或修改此字段（价格、折扣、成本或联系人个人信息需要相应的查看权限）。', en: 'You may not set this field: prices, discounts, costs and contacts\' personal data need the matching view permission.' },
  RECORD_NOT_EDITABLE: { status: 403, zh: '您无权修改此记录：只有负责人、其所在部门、当前步骤的负责部门或总经理/副总可以修改。', en: 'You may not change this record: only its owner, the owner\'s department, the department of its current step, or the GM/VP may.' },
  CROSS_SITE_REQUEST: { status: 403, zh: '拒绝来自其他网站的请求。', en: 'Requests from another site are refused.' },
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
  PASSWORD_TOO_WEAK: { status: 422, zh: '密码不够安全：至少 12 个字符，且不能是常见或容易猜到的密码。', en: 'The password is not safe enough: at least 12 characters, and not a common or easily guessed one.' },
  LAST_ADMIN: { status: 409, zh: '不能停用或降级最后一个管理员。', en: 'The last administrator cannot be disabled or demoted.' },
  PROCEDURE_NOT_FOUND: { status: 404, zh: '找不到该程序或其版本。', en: 'The procedure or its version was not found.' },
  PROCEDURE_WRONG_STATE: { status: 409, zh: '记录当前所处的步骤不允许此操作，请刷新后查看可执行的操作。', en: 'The record is not at a step where this action is possible; reload to see the actions available.' },
  PROCEDURE_NOT_YOUR_STEP: { status: 403, zh: '此步骤由其他部门或角色负责。', en: 'Another department or role is responsible for this step.' },
  PROCEDURE_FIELDS_MISSING: { status: 422, zh: '请先填写此步骤要求的内容。', en: 'Fill in what this step requires first.' },
  PROCEDURE_GUARD_FAILED: { status: 422, zh: '条件未满足，不能执行此操作。', en: 'A condition of this action is not met.' },
  PROCEDURE_SYSTEM_STEP: { status: 403, zh: '此步骤由系统在相关操作中自动完成，不能手动执行。', en: 'The system takes this step as part of another operation; it cannot be taken by hand.' },
  PROCEDURE_ALREADY_RUNNING: { status: 409, zh: '该记录上此程序已在运行。', en: 'This procedure is already running on the record.' },
  SIGNATURE_INVALID: { status: 422, zh: '电子签名失败：请重新输入您的登录密码。', en: 'Electronic signature failed: re-enter your sign-in password.' },
  SIGNOFF_NOT_EXPECTED: { status: 409, zh: '该部门无需在此步骤会签，或已会签。', en: 'This department does not sign at this step, or has signed already.' },
  CLOCK_NOT_RUNNING: { status: 409, zh: '计时未在运行。', en: 'The clock is not running.' },
  CLOCK_NOT_PAUSED: { status: 409, zh: '计时未暂停。', en: 'The clock is not paused.' },
  ACTION_NOT_YOUR_DEPARTMENT: { status: 403, zh: '只能认领本部门的措施项。', en: "You can only take an action item of your own department." },
  ACTION_ALREADY_YOURS: { status: 409, zh: '该措施项已由您负责。', en: 'That action item is already yours.' },
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
  // customer satisfaction surveys
  SURVEY_TEMPLATE_SUPERSEDED: { status: 409, zh: '该问卷版本已被新版本取代，请使用最新版本。', en: 'This questionnaire revision has been superseded; use the latest revision.' },
  SURVEY_PERIOD_INVALID: { status: 422, zh: '日期有误：期间结束日不能早于开始日，回复截止日不能早于发出日。', en: 'Check the dates: the period cannot end before it starts, and the answer deadline cannot be before the sending.' },
  SURVEY_RECIPIENT_DUPLICATE: { status: 422, zh: '同一联系人在本次调查中重复。', en: 'The same contact is listed twice in this survey.' },
  SURVEY_LINK_INVALID: { status: 404, zh: '调查链接无效。请检查链接是否完整，或联系我司业务人员。', en: 'This survey link is not valid. Check that the whole link was copied, or contact our sales staff.' },
  SURVEY_LINK_EXPIRED: { status: 410, zh: '该调查链接已过期或调查已截止。如仍想反馈，请联系我司业务人员。', en: 'This survey link has expired or the survey has closed. To give feedback, please contact our sales staff.' },
  SURVEY_ALREADY_ANSWERED: { status: 409, zh: '该问卷已经提交过，每个链接只能提交一次。感谢您的反馈！', en: 'This survey has already been answered; each link takes one answer. Thank you for your feedback!' },
  SURVEY_SCORE_OUT_OF_RANGE: { status: 422, zh: '评分超出范围：各项满意度为 1–5 分，推荐意愿为 0–10 分。', en: 'A score is out of range: satisfaction items take 1–5, the recommendation 0–10.' },
  SURVEY_ANSWER_MISSING: { status: 422, zh: '请为每一项打分。', en: 'Please rate every item.' },
  SURVEY_NOT_COLLECTING: { status: 409, zh: '调查已截止回收，不能再登记回复、发送提醒或重发链接。', en: 'The survey is no longer collecting answers: no more responses, reminders or new links.' },
  SURVEY_NOT_AT_REPLY: { status: 409, zh: '调查尚未到回复客户的步骤（须先完成分析和改善）。', en: 'The survey is not at the reply step yet (analysis and improvements come first).' },
  SURVEY_NO_RESPONSE: { status: 422, zh: '该客户没有回复调查，无需回复改善措施。', en: 'This customer did not answer the survey; there is nothing to reply.' },
  SURVEY_ALREADY_REPLIED: { status: 409, zh: '已向该客户回复过改善措施。', en: 'The reply has already been sent to this customer.' },
  SURVEY_CORRECTIVE_RAISED: { status: 409, zh: '该回复已升级为纠正措施。', en: 'This response has already been raised to a corrective action.' },
  NOT_ADDRESSED: { status: 403, zh: '您或您的部门不在发送范围内，不能签收或回复。', en: 'You (or your department) are not addressed; you cannot acknowledge or reply.' },
  ALREADY_ACKNOWLEDGED: { status: 409, zh: '已签收过。', en: 'Already acknowledged.' },
  VISIT_NOT_EDITABLE: { status: 409, zh: '访问已进行或已结案，计划不能再修改；如需改期请先退回计划。', en: 'The visit has taken place or is closed; its plan can no longer be changed (have it returned to planning first).' },
  VISIT_WRONG_STEP: { status: 409, zh: '访问当前步骤不允许此操作。', en: 'The visit is not at a step that allows this.' },
  VISIT_DATES_INVALID: { status: 422, zh: '结束日期不能早于开始日期。', en: 'The end date cannot be before the start date.' },
  MEETING_NOT_DISTRIBUTED: { status: 409, zh: '会议记要尚未分发，不能签收。', en: 'The minutes have not been distributed yet; nothing to acknowledge.' },
  MEETING_ALREADY_DISTRIBUTED: { status: 409, zh: '会议记要已分发，不能再修改。', en: 'The minutes have been distributed and can no longer be changed.' },
  MEETING_MINUTES_MISSING: { status: 422, zh: '请先填写会议记要再分发。', en: 'Write the minutes before distributing them.' },
  PLAN_WRONG_STEP: { status: 409, zh: '沟通计划当前步骤不允许此操作。', en: 'The communication plan is not at a step that allows this.' },
  CALENDAR_NOTICE_INVALID: { status: 422, zh: '节假日通知数据有误，请检查日期。', en: 'The holiday notice has invalid days; check the dates.' },
  CALENDAR_NOTICE_MISSING_STATUTORY: { status: 422, zh: '通知缺少法定节假日（《全国年节及纪念日放假办法》规定的放假日必须包含在内）。', en: 'The notice leaves out statutory holidays (every day off the holiday law fixes must be in it).' },
  CALENDAR_NOTICE_EXISTS: { status: 409, zh: '该年度的通知已导入；如需更正，请带上版本号和原因重新导入。', en: "That year's notice is already imported; to correct it, import again with its version and a reason." },
  CALENDAR_RANGE_TOO_LARGE: { status: 400, zh: '日期范围过大（最多 400 天）。', en: 'The date range is too large (400 days at most).' },
  QUOTATION_NOT_EDITABLE: { status: 409, zh: '报价已提交批准或已发送，不能再修改；已发送的报价请建立新版本。', en: 'The quotation has gone for approval or was sent and can no longer be edited; revise a sent quotation instead (new revision).' },
  QUOTATION_NOT_REVISABLE: { status: 409, zh: '只有已批准或已发送、尚无结果的报价可以修订。', en: 'Only an approved or sent quotation without a result can be revised.' },
  QUOTATION_VALIDITY_BEFORE_ISSUE: { status: 422, zh: '有效期不能早于报价日期。', en: 'The validity date cannot be before the issue date.' },
  QUOTATION_PRICE_REQUIRED: { status: 422, zh: '请填写单价（须大于 0）。', en: 'Give the unit price (greater than 0).' },
  QUOTATION_BREAKS_INVALID: { status: 422, zh: '阶梯价的起订数量不能重复。', en: 'Quantity breaks cannot repeat a quantity.' },
  QUOTATION_LINE_NOT_FOUND: { status: 422, zh: '报价行不存在。', en: 'The quotation line does not exist.' },
  QUOTATION_REQUEST_OTHER_PARTY: { status: 422, zh: '触发报价的沟通记录不属于该客户。', en: 'The request communication belongs to another customer.' },
  QUOTATION_OTHER_PARTY: { status: 422, zh: '关联的记录属于其他客户。', en: 'The linked record belongs to another customer.' },
  QUOTATION_NOT_SENT: { status: 409, zh: '只有已发送、尚无结果的报价可以登记跟进。', en: 'Follow-ups are recorded on a sent quotation without a result.' },
  QUOTATION_NOT_ACCEPTED: { status: 409, zh: '该报价尚未经客户接受（回签）。', en: 'The customer has not accepted (countersigned) this quotation.' },
  QUOTATION_ORDER_EXISTS: { status: 409, zh: '该报价已转为订单。', en: 'An order was already created from this quotation.' },
  QUOTATION_QUANTITY_REQUIRED: { status: 422, zh: '请填写订单数量。', en: 'Give the order quantity.' },
  PRICE_PENDING_NEW_CUSTOMER: { status: 422, zh: '先生产后报价只适用于已接纳的老客户。', en: 'Produce first, price later is for existing (accepted) customers only.' },
  QUOTATION_FOLLOW_UP_BEFORE_SENT: { status: 422, zh: '跟进时间不能早于报价发送时间。', en: 'A follow-up cannot be before the quotation was sent.' },
  PRICE_PENDING_CLOSED: { status: 409, zh: '该记录已关闭。', en: 'This record is already closed.' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '提交的内容过大。', en: 'The request is too large.' },
  INVALID_TEXT: { status: 400, zh: '文本中含有不允许的字符（空字符或不完整的 Unicode 字符），请删除后重试。', en: 'The text contains a character that is not allowed (a NUL character or half of a Unicode character); remove it and try again.' },
  REQUEST_HEADERS_TOO_LARGE: { status: 431, zh: '请求的网址或请求头过长。', en: 'The request address or its headers are too long.' },
  URL_TOO_LONG: { status: 414, zh: '请求的网址过长。', en: 'The request address is too long.' },
  REQUEST_TIMEOUT: { status: 408, zh: '请求超时，请重试。', en: 'The request took too long; try again.' },
  TOO_MANY_FILES: { status: 400, zh: '每次只能上传一个文件，请逐个上传。', en: 'Upload one file at a time (one file per request).' },
  FILE_CONTENT_MISMATCH: { status: 415, zh: '文件内容与扩展名不符（例如可执行程序被命名为 .pdf），不能上传。', en: 'The file content does not match its extension (for example a program named .pdf); it cannot be uploaded.' },
  BAD_REQUEST: { status: 400, zh: '请求格式不正确。', en: 'The request is malformed.' },
  INTERNAL: { status: 500, zh: '服务器内部错误，已记录。', en: 'Internal server error; it has been logged.' },
  // complaints and 8D
  COMPLAINT_CLOSED: { status: 409, zh: '该投诉已结案，记录只读。', en: 'This complaint is closed; its record is read-only.' },
  COMPLAINT_SECTION_NOT_OPEN: { status: 409, zh: '投诉当前所处的步骤还不能填写此部分。', en: 'This part cannot be filled in at the step the complaint is at.' },
  COMPLAINT_ORIGIN_OTHER_CUSTOMER: { status: 422, zh: '来源沟通记录不属于该客户。', en: 'The originating communication belongs to another customer.' },
  COMPLAINT_NOT_VERIFIER: { status: 403, zh: '只有指定的效果验证人可以记录验证结果。', en: 'Only the named verifier can record the effectiveness result.' },
  COMPLAINT_RECURRENCE_INVALID: { status: 422, zh: '不能将投诉关联为其自身的重复投诉。', en: 'A complaint cannot be linked as a recurrence of itself.' },
  RETURN_ANALYSIS_REQUIRED: { status: 422, zh: '退货须先有分析记录才能给予补偿；如须例外，请填写理由。', en: 'Returned parts need an analysis record before credit is granted; give a reason to override.' },
  RETURN_ALREADY_CREDITED: { status: 409, zh: '该退货已给予补偿。', en: 'Credit has already been granted for this return.' },
  COMPLAINT_NOT_YOUR_DEPARTMENT: { status: 403, zh: '此项由其他部门负责（返工路线：工艺部；排期：计划部；返工：生产部；分析：品质部；补偿：业务/财务，未分析须经理批准）。', en: 'Another department does this (rework route: Process Engineering; schedule: Planning; rework: Production; analysis: QA; credit: Sales/Finance, a manager without analysis).' },
  COMPLAINT_CONTAINMENT_STILL_NEEDED: { status: 422, zh: '临时围堵措施须在永久措施确认有效（D6 批准）后才能解除。', en: 'Interim containment is lifted only after the permanent action is validated (D6 approved).' },
  CUSTOMER_LINK_INVALID: { status: 404, zh: '链接无效。', en: 'This link is not valid.' },
  CUSTOMER_LINK_EXPIRED: { status: 410, zh: '链接已过期，请联系我们重新发送。', en: 'This link has expired; ask us to send a new one.' },
  CUSTOMER_LINK_USED: { status: 409, zh: '此链接已使用过，不能再次提交。', en: 'This link has already been used and cannot be used again.' },
  CUSTOMER_LINK_NOT_APPLICABLE: { status: 409, zh: '该投诉目前不需要您的确认。', en: 'This complaint is not waiting for your confirmation now.' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof errorCodes;

export type Locale = 'zh-CN' | 'en-US';
export const locales: readonly Locale[] = ['zh-CN', 'en-US'];

export function errorMessage(code: ErrorCode, locale: Locale): string {
  const entry = errorCodes[code];
  return locale === 'zh-CN' ? entry.zh : entry.en;
}

/**
 * Why a guard refuses a transition, one entry per reason, both languages. `{name}` placeholders take
 * the values the guard passes (`because(path, 'QUOTATION_EXPIRED', { date })` in server/procedures/refuse.ts).
 * The response carries the reason under the guard's code (PROCEDURE_GUARD_FAILED, 422) naming the field.
 */
export const refusalReasons = {} as const satisfies Record<string, { zh: string; en: string }>;
export type RefusalReason = keyof typeof refusalReasons;

/** A refusal reason's message in each language, its placeholders filled in. */
export function refusalMessages(reason: RefusalReason, params: Record<string, string | number> = {}): Record<Locale, string> {
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
  const entry: { zh: string; en: string } = refusalReasons[reason];
  return { 'zh-CN': fill(entry.zh), 'en-US': fill(entry.en) };
}
