"""Event types of a hazard's timeline, with their Chinese labels."""

REPORTED = "reported"
VERIFIED = "verified"
CONFIRMED = "confirmed"
REJECTED = "rejected"
PLAN_SAVED = "plan_saved"
RECTIFYING = "rectifying_started"
EXTENSION_REQUESTED = "extension_requested"
EXTENSION_APPROVED = "extension_approved"
EXTENSION_DENIED = "extension_denied"
SUBMITTED = "submitted"
EXPERT_SIGNED = "expert_signed"
ACCEPTED = "accepted"
FAILED = "failed"
CLOSED = "closed"
SUPERVISION_OPENED = "supervision_opened"
SUPERVISION_LIFTED = "supervision_lifted"
URGED = "urged"
INSTRUCTED = "instructed"
EDITED = "edited"
IMPORTED = "imported"
DOCUMENTS_ADDED = "documents_added"

LABELS = {
    REPORTED: "上报", VERIFIED: "核查", CONFIRMED: "安委办确认", REJECTED: "驳回（不构成隐患）",
    PLAN_SAVED: "提交整改方案", RECTIFYING: "开始整改", EXTENSION_REQUESTED: "申请延期",
    EXTENSION_APPROVED: "批准延期", EXTENSION_DENIED: "不批准延期", SUBMITTED: "提交验收",
    EXPERT_SIGNED: "专家会签", ACCEPTED: "验收通过", FAILED: "验收不通过", CLOSED: "销号",
    SUPERVISION_OPENED: "挂牌督办", SUPERVISION_LIFTED: "解除督办", URGED: "督办", INSTRUCTED: "领导批示",
    EDITED: "修改", IMPORTED: "批量导入", DOCUMENTS_ADDED: "上传附件",
}
