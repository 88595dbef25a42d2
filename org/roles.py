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
