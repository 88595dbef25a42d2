"""Main navigation (SPEC §1, §11): which entries each role sees."""

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

from org.roles import Role

L, S, U, E, X = Role.LEADER, Role.SAFETY_OFFICE, Role.UNIT_STAFF, Role.ENTERPRISE, Role.EXPERT
INTERNAL = {L, S, U}

# (key, label, url name, roles)
MAIN = [
    ("dashboard", "工作台", "dashboard", {L, S, U, E, X}),
    ("enterprises", "企业", "enterprises:list", {L, S, U, X}),
    ("my_enterprise", "本企业", "enterprises:list", {E}),
    ("hazards", "隐患", "hazards:list", {L, S, U, E, X}),
    ("risks", "风险", "risks:list", {L, S, U, E, X}),
    ("plans", "台账", "plans:list", INTERNAL),
    ("duties", "履职", "duties:board", INTERNAL),
    ("my_obligations", "主体责任", "obligations:home", {E}),
    ("inspections", "检查执法", "inspections:list", {L, S, U, X}),
    ("my_inspections", "受检记录", "inspections:list", {E}),
    ("training", "培训演练", "safety:home", {L, S, U, E}),
    ("tipoffs", "举报", "tipoffs:list", INTERNAL),
    ("accidents", "事故", "accidents:list", {L, S, U, E}),
    ("reports", "报表", "reports:index", INTERNAL),
]
SYSTEM = [
    ("org", "组织机构", "org:units", {L, S, U, X, Role.SYS_ADMIN}),
    ("users", "用户管理", "admin:org_user_changelist", {Role.SYS_ADMIN}),
    ("reminder_rules", "提醒规则", "notify:rules", {S}),
    ("webhooks", "群机器人", "notify:webhooks", {S, Role.SYS_ADMIN}),
    ("deliveries", "外发记录", "notify:deliveries", {Role.SYS_ADMIN}),
    ("security", "安全设置", "security:home", {Role.SECURITY_ADMIN}),
    ("audit", "审计日志", "audit:list", {Role.AUDITOR}),
    ("api", "接口文档", "api-docs", {S, Role.SYS_ADMIN}),
]


_URLS = {}


def _url(target):
    """The menu's addresses, reversed once per URL configuration and script prefix (thirty on every page)."""
    key = (target, get_script_prefix(), get_resolver(get_urlconf()))
    if key not in _URLS:
        _URLS[key] = reverse(target)
    return _URLS[key]


def entries_for(user, path=""):
    if not user.is_authenticated:
        return [], []
    role = "superuser" if user.is_superuser and not user.role else user.role

    def build(items):
        out = []
        for key, label, target, roles in items:
            if role in roles or user.is_superuser:
                url = _url(target)
                active = path == url if url == "/" else path.startswith(url)
                out.append({"key": key, "label": label, "url": url, "active": active})
        return out

    return build(MAIN), build(SYSTEM)
