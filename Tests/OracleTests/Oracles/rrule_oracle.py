#!/usr/bin/env python3
"""Reference expansion of RFC 5545 recurrence sets, for Convene's differential test.

Reads JSON lines on stdin, one case each:
  {"id": 7, "zone": "Europe/London", "dtstart": "20270328T013000",
   "rrule": "FREQ=HOURLY;COUNT=5", "rdate": [...], "exdate": [...],
   "end_year": 2030, "limit": 200}
and prints one line per case: the id, a tab, then the instances as RFC 3339
timestamps separated by spaces (or "ERROR<tab>message").

python-dateutil does the expansion. Where dateutil departs from RFC 5545 this script
adjusts, and each adjustment is listed here (README.md, "Recurrence", says the same):

1. DTSTART: RFC 5545 counts DTSTART as the first instance (and towards COUNT) even
   when it does not match the rule; dateutil yields only matching instances. The
   script puts DTSTART first and applies COUNT itself.
2. WEEKLY with BYSETPOS: dateutil's first weekly period starts on DTSTART's day, so
   BYSETPOS picks from a partial week; RFC 5545 periods are whole weeks. The script
   starts dateutil at the beginning of DTSTART's week (keeping DTSTART's weekday as
   the default BYDAY) and drops earlier instances.
3. BYDAY mixing plain and ordinal weekdays (BYDAY=MO,2TU): dateutil requires both,
   RFC 5545 allows either. The script rewrites MO as 1MO,2MO,...,5MO (53 within a year),
   which dateutil treats as the union RFC 5545 means.
4. BYWEEKNO and the previous year's last week: dateutil computes the number of weeks
   of the previous year from the current year's length (`_iterinfo.rebuild`, the
   `lnumweeks` line), so days early in January can land in the wrong week. The script
   replaces that expression with the previous year's own count.
5. UNTIL: dateutil cannot compare a UTC UNTIL with wall-clock DTSTARTs, so the script
   applies UNTIL itself, stopping at the first instance past it (a UTC UNTIL is compared
   as an instant, a wall-clock one as a wall time, a bare date includes that whole day).
   RDATEs are merged in, EXDATEs removed by the instant they denote, and the set is
   returned in time order with each instant once (RFC 5545 §3.8.5.3: duplicates are
   ignored): wall times a spring-forward gap moves can land on, or before, later ones.
6. Rules whose BYHOUR/BYMINUTE can never meet INTERVAL raise in dateutil; RFC 5545
   gives such a rule no instances but DTSTART, and so does the script.
7. BYWEEKNO and the next year's first week: late-December days in the next year's
   week 1 match BYWEEKNO=1 in dateutil but not the same week's negative number
   (-52 or -53; dateutil's own "TODO: Check -numweeks for next year"). The script
   checks both.
"""
import calendar
import datetime
import inspect
import json
import sys
import textwrap
from zoneinfo import ZoneInfo

import dateutil.rrule as rr



def _weeks_in_year(year, wkst):
    """Weeks in a year's numbering, counted as dateutil counts the current year's."""
    weekday = datetime.date(year, 1, 1).weekday()
    length = 365 + calendar.isleap(year)
    no1wkst = (7 - weekday + wkst) % 7
    wyearlen = length + (weekday - wkst) % 7 if no1wkst >= 4 else length - no1wkst
    return wyearlen // 7 + wyearlen % 7 // 4


# Adjustments 4 and 7: two edits to _iterinfo.rebuild's week numbering.
_source = textwrap.dedent(inspect.getsource(rr._iterinfo.rebuild))
_edits = [
    ("lnumweeks = 52+(self.yearlen-no1wkst) % 7//4",
     "lnumweeks = _weeks_in_year(year - 1, rr._wkst)"),
    ("if 1 in rr._byweekno:",
     "if 1 in rr._byweekno or -_weeks_in_year(year + 1, rr._wkst) in rr._byweekno:"),
]
for _old, _new in _edits:
    assert _source.count(_old) == 1, "dateutil changed: review adjustments 4 and 7"
    _source = _source.replace(_old, _new)
rr._weeks_in_year = _weeks_in_year
_namespace = {}
exec(compile(_source, rr.__file__, "exec"), rr.__dict__, _namespace)
rr._iterinfo.rebuild = _namespace["rebuild"]

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
REAL_MAXYEAR = datetime.MAXYEAR


def parse_local(text):
    return datetime.datetime.strptime(text, "%Y%m%dT%H%M%S")


def resolve(naive, zone):
    """RFC 5545 §3.3.5: fold=0 takes the offset from before a gap or overlap."""
    return naive.replace(tzinfo=zone, fold=0).astimezone(datetime.timezone.utc).astimezone(zone)


def rewrite_byday(parts):
    byday = parts.get("BYDAY")
    if not byday or parts["FREQ"] not in ("MONTHLY", "YEARLY"):
        return
    items = byday.split(",")
    plain = [i for i in items if i in WEEKDAYS]
    ordinal = [i for i in items if i not in WEEKDAYS]
    if plain and ordinal:
        top = 53 if parts["FREQ"] == "YEARLY" and "BYMONTH" not in parts else 5
        expanded = [f"{n}{d}" for d in plain for n in range(1, top + 1)]
        parts["BYDAY"] = ",".join(ordinal + expanded)


def expand(case):
    zone = ZoneInfo(case["zone"])
    start = parse_local(case["dtstart"])
    end_year = case["end_year"]
    window_end = resolve(datetime.datetime(end_year, 1, 1), zone)
    parts = dict(p.split("=", 1) for p in case["rrule"].split(";")) if case.get("rrule") else None

    walls = [start]
    if parts is not None:
        count = int(parts.pop("COUNT")) if "COUNT" in parts else None
        until = parts.pop("UNTIL", None)
        rewrite_byday(parts)
        rule_start = start
        if parts["FREQ"] == "WEEKLY" and "BYSETPOS" in parts:
            wkst = WEEKDAYS.index(parts.get("WKST", "MO"))
            rule_start = start - datetime.timedelta(days=(start.weekday() - wkst) % 7)
            # The weekday a bare WEEKLY rule repeats on still comes from the real DTSTART.
            parts.setdefault("BYDAY", WEEKDAYS[start.weekday()])
        text = ";".join(f"{k}={v}" for k, v in parts.items())
        # Enough rule instances to fill `limit` after EXDATE removes some and repeated
        # instants merge, plus three hours more (the most a clock change can reorder);
        # none can matter past the window (offsets stay within a day).
        wanted = case["limit"] + len(case.get("exdate", [])) + 1
        last_wall = datetime.datetime(end_year, 1, 2)
        kept = [start]
        distinct = {resolve(start, zone)}
        cutoff = None
        datetime.MAXYEAR = end_year - 1  # dateutil stops after this year
        try:
            for wall in rr.rrulestr("RRULE:" + text, dtstart=rule_start):
                if wall <= start:
                    continue
                if wall > last_wall or (cutoff is not None and wall > cutoff):
                    break
                if cutoff is None and len(distinct) >= wanted:
                    cutoff = wall + datetime.timedelta(hours=3)
                if count is not None and len(kept) >= count:
                    break
                if until is not None and past_until(wall, until, zone):
                    break
                kept.append(wall)
                distinct.add(resolve(wall, zone))
        except ValueError as error:
            if "empty" not in str(error):
                raise
        finally:
            datetime.MAXYEAR = REAL_MAXYEAR
        if count is not None:
            kept = kept[:count]
        walls = kept

    walls += [parse_local(r) for r in case.get("rdate", [])]
    excluded = {resolve(parse_local(x), zone) for x in case.get("exdate", [])}
    moments = sorted({m for m in (resolve(w, zone) for w in walls) if m not in excluded and m < window_end})
    return [m.isoformat() for m in moments[:case["limit"]]]


def past_until(wall, until, zone):
    if until.endswith("Z"):
        limit = datetime.datetime.strptime(until, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
        return resolve(wall, zone) > limit
    if len(until) == 8:
        return wall.date() > datetime.datetime.strptime(until, "%Y%m%d").date()
    return wall > parse_local(until)


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        try:
            print(f"{case['id']}\t" + " ".join(expand(case)))
        except Exception as error:  # reported, not hidden: the Swift side fails on it
            print(f"{case['id']}\tERROR\t{type(error).__name__}: {error}")


if __name__ == "__main__":
    main()
