"""Sending one delivery: e-mail through Django's mail settings, or a 钉钉 / 企业微信 group
robot (markdown message). Raises DeliveryError with a readable reason on any failure."""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from types import SimpleNamespace

from django.conf import settings
from django.core.mail import send_mail

from .models import Delivery, Webhook


class DeliveryError(Exception):
    pass


def send(deliveries):
    """Send a group: one e-mail, or the sweep's deliveries to one robot as one post."""
    first = deliveries[0]
    if first.channel == Delivery.Channel.EMAIL:
        _email(first)
    else:
        _webhook(first.webhook, combined([d.message for d in deliveries]))


def combined(messages):
    """One post for several messages: the same text once; different texts in turn."""
    bodies = list(dict.fromkeys(m.body for m in messages))
    if len(bodies) == 1:
        return messages[0]
    titles = list(dict.fromkeys(m.title for m in messages))
    title = f"{len(bodies)}条消息：{titles[0]}" + ("等" if len(titles) > 1 else "")
    return SimpleNamespace(title=title, body="\n\n---\n\n".join(bodies))


def _email(delivery):
    message = delivery.message
    try:
        send_mail(f"【治本】{message.title}", message.body, settings.DEFAULT_FROM_EMAIL, [delivery.address])
    except Exception as exc:  # SMTP errors come in many classes; all are a failed attempt
        raise DeliveryError(f"邮件发送失败：{exc}") from exc


def dingtalk_payload(message):
    # https://open.dingtalk.com/document/robots/custom-robot-access — msgtype markdown.
    return {"msgtype": "markdown", "markdown": {"title": message.title[:60], "text": message.body}}


def wecom_payload(message):
    # 企业微信群机器人: markdown content, at most 4096 bytes.
    content = message.body.encode()[:4000].decode(errors="ignore")
    return {"msgtype": "markdown", "markdown": {"content": content}}


def dingtalk_signed_url(url, secret, timestamp_ms=None):
    """钉钉 加签: sign = base64(HMAC-SHA256(secret, "timestamp\\nsecret")), both on the URL."""
    timestamp = str(timestamp_ms or int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


def host_refusal(url, resolve=True):
    """Why Zhiben must not POST to this robot address, or "": a host on the loopback, private,
    link-local or otherwise non-public network (the server would be made to call inside its own
    network), unless the system administrator allow-listed it (WEBHOOK_ALLOWED_HOSTS). With
    `resolve`, a name is resolved and every address it gives must be public; a name that does
    not resolve is left to the send, which fails on its own."""
    import ipaddress
    import socket
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return "地址格式不正确"
    if not host:
        return "地址格式不正确"
    if host.lower() in {h.lower() for h in settings.WEBHOOK_ALLOWED_HOSTS}:
        return ""
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        if host.lower() == "localhost" or host.lower().endswith(".localhost"):
            return "地址指向本机，不能作为群机器人地址"
        if not resolve:
            return ""
        try:
            infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError, OSError):
            return ""
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    for address in addresses:
        if not address.is_global:
            return f"地址指向内部网络（{address}），不能作为群机器人地址；如确需使用，请系统管理员加入白名单"
    return ""


def _webhook(hook, message):
    if hook is None:
        raise DeliveryError("群机器人已删除")
    refusal = host_refusal(hook.url)
    if refusal:
        raise DeliveryError(refusal)
    if hook.kind == Webhook.Kind.DINGTALK:
        payload = dingtalk_payload(message)
        url = dingtalk_signed_url(hook.url, hook.secret) if hook.secret else hook.url
    else:
        payload, url = wecom_payload(message), hook.url
    request = urllib.request.Request(url, data=json.dumps(payload, ensure_ascii=False).encode(),
                                     headers={"Content-Type": "application/json; charset=utf-8"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=settings.NOTIFY_WEBHOOK_TIMEOUT) as response:
            body = response.read(10_000)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(f"无法连接：{getattr(exc, 'reason', exc)}") from exc
    # Both robots answer 200 with {"errcode": 0, "errmsg": "ok"}; anything else is a refusal.
    try:
        answer = json.loads(body or b"{}")
    except ValueError as exc:
        raise DeliveryError("应答不是 JSON") from exc
    if answer.get("errcode", 0) != 0:
        raise DeliveryError(f"机器人拒绝：{answer.get('errcode')} {answer.get('errmsg', '')}".strip())
