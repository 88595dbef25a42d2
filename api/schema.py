"""Schema post-processing: document the error answers every operation can give.

drf-spectacular documents only the success response; clients (and schemathesis)
must also know that any operation may answer 400 (a business rule, in Chinese),
401/403 (not logged in / not allowed), 404 (not in your scope) and 409 (someone
else changed the record). Their body is {"detail": "…"} or {field: ["…"]}.
"""

ERRORS = {
    "400": "输入不符合要求或业务规则不允许（中文说明见 detail 或各字段）",
    "401": "未登录或令牌无效",
    "403": "无权进行该操作",
    "404": "记录不存在或不在您的数据范围内",
    "409": "记录已被他人修改，请刷新后重试",
    "429": "请求过于频繁或登录已锁定",
}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    # Field errors: a list of messages, or per-row/per-item objects for nested input.
    "additionalProperties": {"oneOf": [{"type": "array"}, {"type": "object"}, {"type": "string"}]},
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, text in ERRORS.items():
                operation["responses"].setdefault(code, {
                    "description": text,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                })
    return result
