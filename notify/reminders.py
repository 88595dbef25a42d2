"""The daily pass: rules × deadlines → one digest per person per day (SPEC §10).

A rule fires for an item on the day `deadline + offset`. A pass on day D handles the
firings of the last CATCH_UP_DAYS days, so a day the scheduler missed is made good the
next day; the sent-log, unique on (rule, item, person, day), keeps every firing to one
digest line. Each person's digest is written in its own transaction and is unique per
(person, day): when two passes run at once, the second one's insert fails on that
constraint and it leaves that person alone — nobody gets two digests, nothing is sent twice.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from .audiences import Audiences
from .models import Message, ReminderRule, SentLog, Source
from .services import queue_deliveries, site_url
from .sources import READERS

CATCH_UP_DAYS = 3
STAGES = [("overdue", "已逾期"), ("due", "今日到期"), ("ahead", "即将到期")]


@dataclass
class PassResult:
    digests: int = 0
    lines: int = 0
    skipped: int = 0  # people whose digest for the day already existed


def run_pass(today=None):
    today = today or timezone.localdate()
    window = {today - datetime.timedelta(days=n) for n in range(CATCH_UP_DAYS)}
    rules = defaultdict(list)
    for rule in ReminderRule.objects.filter(active=True):
        rules[rule.source].append(rule)
    audiences = Audiences()
    firings = defaultdict(list)  # user id -> [(rule, item, day)]
    for source, source_rules in rules.items():
        deadlines = {day - datetime.timedelta(days=r.offset_days) for r in source_rules for day in window}
        items = READERS[source](deadlines, today)
        audiences.prepare(items)
        for item in items:
            for rule in source_rules:
                day = item.deadline + datetime.timedelta(days=rule.offset_days)
                if day in window:
                    for uid in audiences.of(rule.audience, item):
                        firings[uid].append((rule, item, day))
    result = PassResult()
    if not firings:
        return result
    sent = set(SentLog.objects.filter(day__in=window).values_list("rule_id", "item", "recipient_id", "day"))
    for uid, entries in sorted(firings.items()):
        fresh = [(r, i, d) for r, i, d in entries if (r.pk, i.key, uid, d) not in sent]
        if not fresh:
            continue
        if _write_digest(uid, today, fresh):
            result.digests += 1
            result.lines += len({i.key for _, i, _ in fresh})
        else:
            result.skipped += 1
    return result


def _write_digest(uid, today, entries):
    # One line per item: the furthest step wins (an escalation says more than a reminder).
    best = {}
    for rule, item, _ in entries:
        if item.key not in best or rule.offset_days > best[item.key][0].offset_days:
            best[item.key] = (rule, item)
    lines = [_line(rule, item, today) for rule, item in sorted(best.values(), key=lambda ri: ri[1].deadline)]
    counts = {stage: sum(1 for line in lines if line["stage"] == stage) for stage, _ in STAGES}
    title = "每日提醒：" + "，".join(f"{counts[s]}项{label}" for s, label in STAGES if counts[s])
    try:
        with transaction.atomic():
            message = Message.objects.create(recipient_id=uid, kind=Message.Kind.DIGEST, day=today, title=title,
                                             body=digest_markdown(title, today, lines), lines=lines)
            SentLog.objects.bulk_create(SentLog(rule=r, item=i.key, recipient_id=uid, day=d, message=message)
                                        for r, i, d in entries)
            queue_deliveries(message)
    except IntegrityError:
        return False
    return True


def _line(rule, item, today):
    days = (item.deadline - today).days
    if item.source == Source.WAITING:
        note = f"已{-days}天未处理" if days < 0 else "今日到达"
    else:
        note = f"还有{days}天" if days > 0 else "今天到期" if days == 0 else f"已逾期{-days}天"
    if rule.offset_days > 0:
        note += f"（升级提醒：{rule.get_audience_display()}）"
    return {"stage": rule.stage, "source": Source(item.source).label, "title": item.title, "url": item.url,
            "deadline": item.deadline.isoformat(), "note": note}


def digest_markdown(title, today, lines):
    """The digest as markdown — the body of the e-mail and of the 钉钉/企业微信 message."""
    out = [f"### 治本 · {title}", f"{today.year}年{today.month}月{today.day}日"]
    for stage, label in STAGES:
        group = [line for line in lines if line["stage"] == stage]
        if group:
            out.append(f"**{label}（{len(group)}项）**")
            out += [f"- 【{line['source']}】[{line['title']}]({site_url(line['url'])}) 期限{line['deadline']}，{line['note']}"
                    for line in group]
    out.append(f"[打开治本查看全部]({site_url('/inbox/')})")
    return "\n\n".join(out)
