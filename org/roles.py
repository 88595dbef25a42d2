"""The roles of SPEC §1. A user has exactly one role; the role decides the
navigation, the data scope (org.scope) and what the user may change."""

from django.db import models


class Role(models.TextChoices):
    LEADER = "leader", "局领导"
    SAFETY_OFFICE = "safety_office", "安委办"
    UNIT_STAFF = "unit_staff", "股室/二级单位"
    ENTERPRISE = "enterprise", "企业用户"
    EXPERT = "expert", "专家"
    SYS_ADMIN = "sys_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDITOR = "auditor", "审计管理员"


# People who work inside the bureau's business data.
BUSINESS_ROLES = {Role.LEADER, Role.SAFETY_OFFICE, Role.UNIT_STAFF, Role.ENTERPRISE, Role.EXPERT}
# 三员分立: the three administrators see no business data beyond what their job needs.
ADMIN_ROLES = {Role.SYS_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR}
# Roles that see the whole of their region (county, city or province).
REGION_WIDE_ROLES = {Role.LEADER, Role.SAFETY_OFFICE}


L, S, U, E, X = Role.LEADER, Role.SAFETY_OFFICE, Role.UNIT_STAFF, Role.ENTERPRISE, Role.EXPERT
INTERNAL_ROLES = {L, S, U}

# Which roles may read each kind of record at all (SPEC §1, 三员分立). This is the one table
# for pages, API endpoints, exports, documents and map feeds: org.scope applies it first, then
# narrows the rows to the user's region, sectors or enterprise. Each entry's label ends the
# refusal "您的账号不能查看…".
READERS = {
    # 行业领域 and 行政区划: code tables an API client needs to fill in a record.
    "reference": ({L, S, U, E, X, Role.SYS_ADMIN}, "行业领域和行政区划"),
    # Units, people and their phones, working groups: bureau staff, experts and the
    # system administrator who maintains them.
    "directory": ({L, S, U, X, Role.SYS_ADMIN}, "组织机构名录"),
    "experts": ({L, S, U, X}, "专家库"),
    "duty": ({L, S, U, X}, "值班表"),
    "enterprises": ({L, S, U, E, X}, "企业业务数据"),
    "hazards": ({L, S, U, E, X}, "隐患业务数据"),
    "risks": ({L, S, U, E, X}, "风险业务数据"),
    # Experts join inspections and acceptance; they do not keep the accident ledger.
    "accidents": ({L, S, U, E}, "事故台账"),
    # The reported enterprise must never see a tip-off (or guess who filed it).
    "tipoffs": (INTERNAL_ROLES, "群众举报"),
    # Enterprises are the inspected party: they read the inspections of themselves once done (a "四不两直"
    # visit never beforehand), their own record only (inspections.models.InspectionQuerySet).
    "inspections": ({L, S, U, X, E}, "检查执法记录"),
    # The inspecting side's own work: checklists, 双随机 draws, the 执法月报 and the inspection ledger.
    "inspection_work": ({L, S, U, X}, "检查计划、抽查和统计"),
    # An enterprise sees the measures taken against it: it was served them.
    "enforcement": ({L, S, U, E, X}, "执法措施"),
    # The task ledger and reporting calendar are the bureau's own work.
    "plans": (INTERNAL_ROLES, "工作推进台账"),
    # Who must do what and the records that prove it (履职): the bureau's own accountability.
    "duties": (INTERNAL_ROLES, "履职记录"),
    "trainings": (INTERNAL_ROLES, "培训记录"),
    "coverage": (INTERNAL_ROLES, "全覆盖目标"),
    "drills": ({L, S, U, E}, "应急演练"),
    # An enterprise's own 带队检查, 责任制, 应急预案, 安全承诺 and trainings: its own, and its supervisors'.
    "obligations": ({L, S, U, E}, "企业履责记录"),
    # 考核: the bureau's scoring of its units and enterprises (the 通报 is published to the units).
    "appraisal": (INTERNAL_ROLES, "考核结果"),
    # The bureau's 应急物资 and 救援队伍: its own resources, with the phones of those who hold them.
    "emergency": (INTERNAL_ROLES, "应急物资和救援队伍"),
    "reports": (INTERNAL_ROLES, "报表"),
    # Reminder rules are the bureau's configuration; robots are set up by the safety office or
    # the system administrator; delivery health is the system administrator's to watch
    # (三员分立: not the auditor's), while the auditor reads the change log of rules and robots.
    "reminder_rules": ({L, S, U, Role.SYS_ADMIN}, "提醒规则"),
    "webhooks": ({S, Role.SYS_ADMIN}, "群机器人"),
    "deliveries": ({Role.SYS_ADMIN}, "外发记录"),
    "notify_log": ({S, Role.SYS_ADMIN, Role.AUDITOR}, "提醒设置记录"),
    # 三员分立: the audit log is the auditor's alone; the account policy binds everyone but
    # only the security administrator reads and edits it.
    "audit": ({Role.AUDITOR}, "审计日志"),
    "security_policy": ({Role.SECURITY_ADMIN}, "安全策略"),
}


def may_read(user, kind):
    """True when the user's role may read records of this kind (the scope still applies)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True  # the technical account made by createsuperuser
    return user.role in READERS[kind][0]
