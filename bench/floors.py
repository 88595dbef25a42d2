"""The 调度统计表 straight from the tables, in hand-written SQL: the floor its engine is measured against
(bench/reports.py, bench/pages.py). Grouped by the top-level sector prefix, plus the 合计 row's
distinct-enterprise counts, which no sum of rows can give.

Two forms of the region condition: `path`, a join on the region table checked per row (no index can serve
it), and `indexed`, the region's ids as a subquery against each table's indexed `region_id` — the floor a
county's table is held to on a province's database."""

import datetime
import re

from django.db import connection
from django.utils import timezone

HAND = ['''
SELECT substr(s.path, 1, 12), COUNT(*)
FROM inspections_inspection i JOIN org_region r ON r.id = i.region_id JOIN org_sector s ON s.id = i.sector_id
WHERE r.path LIKE %s AND i.status = 'completed' AND i.done_on BETWEEN %s AND %s GROUP BY 1''', '''
SELECT substr(s.path, 1, 12), COUNT(*)
FROM inspections_inspection_members m JOIN inspections_inspection i ON i.id = m.inspection_id
JOIN org_region r ON r.id = i.region_id JOIN org_sector s ON s.id = i.sector_id
WHERE r.path LIKE %s AND i.status = 'completed' AND i.done_on BETWEEN %s AND %s GROUP BY 1''', '''
SELECT substr(s.path, 1, 12), COUNT(*)
FROM inspections_inspection_experts x JOIN inspections_inspection i ON i.id = x.inspection_id
JOIN org_region r ON r.id = i.region_id JOIN org_sector s ON s.id = i.sector_id
WHERE r.path LIKE %s AND i.status = 'completed' AND i.done_on BETWEEN %s AND %s GROUP BY 1''', '''
SELECT substr(s.path, 1, 12), COUNT(DISTINCT t.enterprise_id)
FROM inspections_target t JOIN inspections_inspection i ON i.id = t.inspection_id
JOIN org_region r ON r.id = i.region_id JOIN org_sector s ON s.id = i.sector_id
WHERE r.path LIKE %s AND i.status = 'completed' AND i.done_on BETWEEN %s AND %s AND t.enterprise_id IS NOT NULL
GROUP BY 1''', '''
SELECT substr(s.path, 1, 12),
  SUM(CASE WHEN h.level = 'major' THEN 1 ELSE 0 END), SUM(CASE WHEN h.level = 'general' THEN 1 ELSE 0 END),
  SUM(CASE WHEN h.level = 'major' AND h.accepted_at <= %s THEN 1 ELSE 0 END),
  SUM(CASE WHEN h.level = 'general' AND h.accepted_at <= %s THEN 1 ELSE 0 END)
FROM hazards_hazard h JOIN org_region r ON r.id = h.region_id JOIN org_sector s ON s.id = h.sector_id
WHERE r.path LIKE %s AND h.discovered_on BETWEEN %s AND %s AND h.state <> 'rejected' GROUP BY 1''', '''
SELECT substr(s.path, 1, 12),
  COUNT(DISTINCT CASE WHEN a.kind = 'order' THEN a.enterprise_id END),
  COUNT(DISTINCT CASE WHEN a.kind IN ('penalty', 'dual_penalty') THEN a.enterprise_id END),
  COUNT(DISTINCT CASE WHEN a.kind = 'suspension' THEN a.enterprise_id END)
FROM inspections_enforcementaction a JOIN org_region r ON r.id = a.region_id JOIN org_sector s ON s.id = a.sector_id
WHERE r.path LIKE %s AND a.decided_on BETWEEN %s AND %s GROUP BY 1''', '''
SELECT COUNT(DISTINCT t.enterprise_id)
FROM inspections_target t JOIN inspections_inspection i ON i.id = t.inspection_id JOIN org_region r ON r.id = i.region_id
WHERE r.path LIKE %s AND i.status = 'completed' AND i.done_on BETWEEN %s AND %s AND t.enterprise_id IS NOT NULL''', '''
SELECT COUNT(DISTINCT CASE WHEN a.kind = 'order' THEN a.enterprise_id END),
  COUNT(DISTINCT CASE WHEN a.kind IN ('penalty', 'dual_penalty') THEN a.enterprise_id END),
  COUNT(DISTINCT CASE WHEN a.kind = 'suspension' THEN a.enterprise_id END)
FROM inspections_enforcementaction a JOIN org_region r ON r.id = a.region_id
WHERE r.path LIKE %s AND a.decided_on BETWEEN %s AND %s''']


def indexed(sql):
    """The same query with `r.path LIKE %s` turned into `<alias>.region_id IN (the subtree's ids)`."""
    alias = re.search(r"JOIN org_region r ON r\.id = (\w+)\.region_id", sql).group(1)
    sql = re.sub(r"\s*JOIN org_region r ON r\.id = \w+\.region_id", "", sql)
    return sql.replace("r.path LIKE %s", f"{alias}.region_id IN (SELECT id FROM org_region WHERE path LIKE %s)")


def hand(region, start, end, form="path"):
    """The floor's rows for `region`'s subtree between two dates, one list per query."""
    path = region.path + "%"
    end_of_day = timezone.make_aware(datetime.datetime.combine(end, datetime.time.max))
    params = [[path, start, end]] * 4 + [[end_of_day, end_of_day, path, start, end]] + [[path, start, end]] * 3
    out = []
    with connection.cursor() as cur:
        for sql, p in zip(HAND, params):
            cur.execute(indexed(sql) if form == "indexed" else sql, p)
            out.append(cur.fetchall())
    return out
