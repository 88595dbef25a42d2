"""The account policy the security administrator sets (等保 level 3 habits):
password complexity and age, login lockout, idle timeout. One row; defaults
come from settings so a fresh install is safe before anyone edits it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.core.cache import cache
from django.db import models
from django.utils import timezone

from org.scope import ReferenceQuerySet, ScopedQuerySet

CACHE_KEY = "security-policy"
# Read on every request; several app servers each cache it this long after a change.
CACHE_SECONDS = 60


class PolicyQuerySet(ReferenceQuerySet):
    # Everyone is bound by the policy (SecurityPolicy.current()); only the security admin manages it.
    kind = "security_policy"


class SecurityPolicy(models.Model):
    min_length = models.PositiveSmallIntegerField(
        "密码最小长度", default=10, validators=[MinValueValidator(8), MaxValueValidator(64)])
    min_classes = models.PositiveSmallIntegerField(
        "至少包含的字符类别数", default=3, validators=[MinValueValidator(2), MaxValueValidator(4)],
        help_text="大写字母、小写字母、数字、符号四类中至少几类")
    max_age_days = models.PositiveSmallIntegerField(
        "密码有效期（天）", default=90, validators=[MinValueValidator(0), MaxValueValidator(365)],
        help_text="到期后登录时必须修改密码；0 表示不过期")
    lockout_threshold = models.PositiveSmallIntegerField(
        "连续登录失败锁定次数", default=5, validators=[MinValueValidator(3), MaxValueValidator(10)])
    lockout_minutes = models.PositiveSmallIntegerField(
        "锁定时长（分钟）", default=15, validators=[MinValueValidator(5), MaxValueValidator(1440)])
    idle_minutes = models.PositiveSmallIntegerField(
        "无操作自动退出（分钟）", default=30, validators=[MinValueValidator(5), MaxValueValidator(240)])
    updated_at = models.DateTimeField("更新时间", default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="更新人")

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "安全策略"

    def __str__(self):
        return "安全策略"

    @classmethod
    def current(cls):
        """The policy in force: the saved row, or the defaults before anyone saved one."""
        policy = cache.get(CACHE_KEY)
        if policy is None:
            policy = cls.objects.filter(pk=1).first() or cls(pk=1)
            cache.set(CACHE_KEY, policy, CACHE_SECONDS)
        return policy

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(CACHE_KEY)


class PasswordHistory(models.Model):
    """The hashes of an account's earlier passwords (等保: the current one and the last
    HISTORY_DEPTH may not be chosen again). Hashes only, like the account row itself."""

    HISTORY_DEPTH = 5

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    replaced_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()  # the base strategy: nobody reads it

    class Meta:
        ordering = ["-replaced_at", "-id"]
