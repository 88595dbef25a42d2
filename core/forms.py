"""Form helpers shared by the apps' views."""


def errors_text(form):
    """All of a form's errors as one Chinese line ("字段：错误；…"), for a flash message
    or a ServiceError when the form sits in a side panel rather than on its own page."""
    return "；".join(f"{form.fields[k].label}：{v[0]}" if k in form.fields else v[0] for k, v in form.errors.items())
