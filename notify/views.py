"""Inbox (every user), reminder rules (safety office), robots (safety office, system
administrator) and the delivery log (system administrator)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.forms import errors_text

from . import services
from .forms import RuleFormSet, WebhookForm
from .models import Delivery, Message, NotifyEvent, ReminderRule, Webhook, sees_deliveries
from .reminders import STAGES


@login_required
def inbox(request):
    qs = Message.objects.for_user(request.user)
    show = request.GET.get("show", "unread" if qs.filter(read_at__isnull=True).exists() else "all")
    if show == "unread":
        qs = qs.filter(read_at__isnull=True)
    return render(request, "notify/inbox.html", {
        "page": Paginator(qs, 30).get_page(request.GET.get("page")), "show": show,
        "unread": services.unread_count(request.user)})


@login_required
def message_detail(request, pk):
    message = get_object_or_404(Message.objects.for_user(request.user), pk=pk)
    if message.read_at is None:
        services.mark_read(request.user, pk)
    groups = [(label, [line for line in message.lines if line["stage"] == stage]) for stage, label in STAGES]
    return render(request, "notify/message.html", {"m": message, "groups": [g for g in groups if g[1]]})


@login_required
@require_POST
def read(request, pk):
    get_object_or_404(Message.objects.for_user(request.user), pk=pk)
    services.mark_read(request.user, pk)
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Trigger": "inbox-changed"})
    return redirect("notify:inbox")


@login_required
@require_POST
def read_all(request):
    n = services.mark_all_read(request.user)
    messages.success(request, f"已将 {n} 条消息标为已读。")
    return redirect("notify:inbox")


@login_required
def badge(request):
    """The header's unread count, fetched after the page loads so pages keep their query budget."""
    return render(request, "notify/_badge.html", {"unread": services.unread_count(request.user)})


@login_required
def rules(request):
    if not services.can_manage(request.user):
        raise PermissionDenied("提醒规则由安委办设置。")
    formset = RuleFormSet(request.POST or None, queryset=ReminderRule.objects.all())
    if request.method == "POST":
        if formset.is_valid():
            services.save_rules(request.user, formset)
            messages.success(request, "提醒规则已保存，下一次提醒按新规则执行。")
            return redirect("notify:rules")
        errors = [e for e in formset.non_form_errors()] + [
            f"第{i + 1}行：{errors_text(f)}" for i, f in enumerate(formset.forms) if f.errors]
        messages.error(request, "未保存：" + "；".join(errors))
    return render(request, "notify/rules.html", {
        "formset": formset, "events": NotifyEvent.objects.for_user(request.user).filter(rule__isnull=False)
        .select_related("actor")[:10]})


def _webhook_manager(request):
    if not services.can_manage_webhooks(request.user):
        raise PermissionDenied("群机器人由安委办或系统管理员设置。")


@login_required
def webhooks(request):
    _webhook_manager(request)
    hooks = Webhook.objects.for_user(request.user).select_related("unit")
    return render(request, "notify/webhooks.html", {"hooks": hooks})


@login_required
def webhook_edit(request, pk=None):
    _webhook_manager(request)
    hook = get_object_or_404(Webhook.objects.for_user(request.user), pk=pk) if pk else None
    form = WebhookForm(request.POST or None, instance=hook, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_webhook(request.user, form)
        messages.success(request, "群机器人已保存。")
        return redirect("notify:webhooks")
    return render(request, "notify/webhook_form.html", {"form": form, "hook": hook})


@login_required
@require_POST
def webhook_test(request, pk):
    _webhook_manager(request)
    get_object_or_404(Webhook.objects.for_user(request.user), pk=pk)
    services.test_webhook(request.user, pk)
    messages.success(request, "测试消息已排队，一分钟内发出；结果见“外发记录”。")
    return redirect("notify:webhooks")


@login_required
def deliveries(request):
    if not sees_deliveries(request.user):
        raise PermissionDenied("外发记录由系统管理员查看。")
    qs = Delivery.objects.for_user(request.user).select_related("message__recipient", "webhook__unit")
    status = request.GET.get("status", "failed")
    if status in Delivery.Status.values:
        qs = qs.filter(status=status)
    counts = {s: Delivery.objects.for_user(request.user).filter(status=s).count() for s in Delivery.Status.values}
    return render(request, "notify/deliveries.html", {
        "page": Paginator(qs, 50).get_page(request.GET.get("page")), "status": status,
        "statuses": Delivery.Status.choices, "counts": counts})


@login_required
@require_POST
def delivery_retry(request, pk):
    get_object_or_404(Delivery.objects.for_user(request.user), pk=pk)
    services.retry_delivery(request.user, pk)
    messages.success(request, "已重新排队发送。")
    return redirect("notify:deliveries")
