"""The workflow kit's last piece: one map per app from an action to what it does.

An app's permission table (`core.permissions.ActionTable`) says who may take an action and
from which states; its `Steps` says what the action is — the service call, the form the page
posts and the message the page shows once it went through. The page's action view
(`run_on_page`) and the API's transition endpoints (`core.api.StepEndpointsMixin`) both run
an action through `Steps.perform`, so there is no second hand-written map of names to calls:
a name outside the table is a 404 on the page and has no endpoint in the API.
"""

import inspect
from dataclasses import dataclass
from typing import Any, Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from .exceptions import ServiceError
from .forms import errors_text


def version_field(required=False):
    """The record version a page read (a stale one is refused by the service with 409 / 已被他人修改)."""
    bad = "版本号无效，请刷新页面。"
    return forms.IntegerField(widget=forms.HiddenInput, required=required, min_value=1,
                              error_messages={"invalid": bad, "min_value": bad, "required": bad})


class ActionForm(forms.Form):
    """The form of an action that needs nothing but the record's version and a comment."""

    version = version_field()
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


@dataclass(frozen=True)
class Step:
    call: Callable[[Any, Any, dict], Any]  # call(user, record, cleaned data) -> result
    done: str | Callable[[Any], str] = "已保存。"  # the page's message, or message(result)
    form: type = ActionForm  # what the page posts (the API validates with its serializer)


class Steps:
    def __init__(self, table, steps):
        unknown = set(steps) - set(table)
        if unknown:
            raise ImproperlyConfigured(f"steps outside the permission table: {sorted(unknown)}")
        self.table, self.steps = table, dict(steps)

    def __contains__(self, name):
        return name in self.steps

    def __getitem__(self, name):
        return self.steps[name]

    def perform(self, user, obj, name, data):
        """Run action `name` on `obj` with validated input; the service checks role, state and version."""
        return self.steps[name].call(user, obj, dict(data))

    def message(self, name, result):
        done = self.steps[name].done
        return done(result) if callable(done) else done

    def form(self, name, request):
        form_class = self.steps[name].form
        kwargs = {"user": request.user} if "user" in inspect.signature(form_class).parameters else {}
        return form_class(request.POST, request.FILES, **kwargs)


KEPT = "zhiben_kept_form"


def keep_typed(request, errors):
    """A failed action keeps what was typed: the POST (less the CSRF token), the errors by
    field and the names of files chosen (a file cannot be kept: the page asks for it again).
    The page it returns to hands them to static/js/zhiben.js, which fills the form back in,
    puts each error beside its field and scrolls to the first (core.context_processors)."""
    request.session[KEPT] = {
        "path": request.path,
        "data": {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"},
        "errors": {k: [str(m) for m in v] for k, v in errors.items()},
        "files": {k: [f.name for f in request.FILES.getlist(k)] for k in request.FILES},
    }


def run_on_page(request, steps, obj, name, back=None):
    """The POST of an action button on a record's page: validate the step's form, perform it,
    say what happened (or why not, in Chinese) and go back to the page — on failure with the
    form as it was typed and the error beside its field (keep_typed)."""
    if name not in steps:
        raise Http404
    back = back or obj
    form = steps.form(name, request)
    if not form.is_valid():
        messages.error(request, f"未执行：{errors_text(form)}")
        keep_typed(request, form.errors)
        return redirect(back)
    try:
        result = steps.perform(request.user, obj, name, form.cleaned_data)
    except (ServiceError, PermissionDenied) as exc:
        text = getattr(exc, "message", None) or str(exc) or "没有权限。"
        messages.error(request, text)
        field = getattr(exc, "field", None)
        keep_typed(request, {field if field in form.fields else "__all__": [text]})
    else:
        messages.success(request, steps.message(name, result))
    return redirect(back)
