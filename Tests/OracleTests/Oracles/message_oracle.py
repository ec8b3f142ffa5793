"""Convene's notification messages as Python reads them, for MessageOracleTests.

Usage: message_oracle.py < messages.json

Reads a JSON array of whole messages (strings, CRLF line ends) and prints a JSON
array with what `email` (policy=email.policy.default) and `icalendar` (pinned in
requirements.txt) make of each: the headers, the decoded text/plain part, and the
calendar's METHOD, UID, SEQUENCE, times as UTC instants, ORGANIZER, ATTENDEEs,
STATUS and alarms. DTSTART and DTEND are read twice: through the TZID as a zoneinfo
name, and through the message's own VTIMEZONE alone, so both must be right.
Anything either package flags as a defect is listed under "defects".
"""

import email
import email.policy
import json
import sys
from datetime import datetime, timezone

import icalendar


def addresses(header):
    if header is None:
        return []
    return [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses]


def instant(value: datetime) -> int:
    if value.tzinfo is None:
        raise ValueError(f"floating time {value!r}")
    return int(value.timestamp())


def calendar_address(value):
    return {
        "address": str(value),
        "cn": str(value.params.get("CN", "")),
        "role": str(value.params.get("ROLE", "")),
        "partstat": str(value.params.get("PARTSTAT", "")),
        "rsvp": str(value.params.get("RSVP", "")),
    }


def read_calendar(text: str, defects: list) -> dict:
    calendar = icalendar.Calendar.from_ical(text)
    events = calendar.walk("VEVENT")
    zones = calendar.walk("VTIMEZONE")
    if len(events) != 1:
        defects.append(f"{len(events)} VEVENTs")
    event = events[0]
    for component in calendar.walk():
        for error in getattr(component, "errors", []):
            defects.append(f"{component.name}: {error}")

    # Through the VTIMEZONE only: a time zone built from its observances.
    own_zones = {str(z["TZID"]): z.to_tz(lookup_tzid=False) for z in zones}

    def own_instant(name):
        prop = event[name]
        tzid = prop.params.get("TZID")
        if tzid is None:
            return instant(prop.dt)
        local = prop.dt.replace(tzinfo=None)
        zone = own_zones[str(tzid)]
        localize = getattr(zone, "localize", None)
        aware = localize(local) if localize else local.replace(tzinfo=zone)
        return instant(aware)

    attendees = event.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    lines = text.encode("utf-8").split(b"\r\n")
    return {
        "method": str(calendar["METHOD"]),
        "prodid": str(calendar["PRODID"]),
        "version": str(calendar["VERSION"]),
        "timezones": sorted(own_zones),
        "uid": str(event["UID"]),
        "sequence": int(event["SEQUENCE"]),
        "dtstamp": instant(event.decoded("DTSTAMP")),
        "dtstart": instant(event.decoded("DTSTART")),
        "dtend": instant(event.decoded("DTEND")),
        "dtstartByVTimezone": own_instant("DTSTART"),
        "dtendByVTimezone": own_instant("DTEND"),
        "summary": str(event.get("SUMMARY", "")),
        "description": str(event.get("DESCRIPTION", "")),
        "location": str(event.get("LOCATION", "")),
        "url": str(event.get("URL", "")),
        "status": str(event.get("STATUS", "")),
        "hasRecurrenceID": "RECURRENCE-ID" in event,
        "organizer": calendar_address(event["ORGANIZER"]),
        "attendees": [calendar_address(a) for a in attendees],
        "alarms": [
            {
                "action": str(alarm["ACTION"]),
                "triggerSeconds": int(alarm.decoded("TRIGGER").total_seconds()),
                "description": str(alarm.get("DESCRIPTION", "")),
            }
            for alarm in event.walk("VALARM")
        ],
        "longestLineOctets": max(len(line) for line in lines),
        "endsWithCRLF": text.endswith("\r\n"),
    }


def read_message(raw: str) -> dict:
    message = email.message_from_bytes(raw.encode("utf-8"), policy=email.policy.default)
    defects = [str(d) for d in message.defects]
    for name in message.keys():
        defects += [f"{name}: {d}" for d in getattr(message[name], "defects", [])]
    result = {
        "isASCII": raw.isascii(),
        "from": addresses(message["From"]),
        "to": addresses(message["To"]),
        "subject": str(message["Subject"]),
        "date": instant(message["Date"].datetime),
        "dateOffset": int(message["Date"].datetime.utcoffset().total_seconds()),
        "messageID": str(message["Message-ID"]),
        "mimeVersion": str(message["MIME-Version"]),
        "kind": str(message["X-Convene-Kind"]),
        "occurrence": str(message["X-Convene-Occurrence"]),
        "contentType": message.get_content_type(),
        "parts": [],
    }
    for part in message.iter_parts():
        defects += [str(d) for d in part.defects]
        result["parts"].append(
            {
                "contentType": part.get_content_type(),
                "charset": part.get_content_charset(),
                "method": part.get_param("method"),
                "transferEncoding": part.get("Content-Transfer-Encoding"),
            }
        )
        if part.get_content_type() == "text/plain":
            result["text"] = part.get_content()
        elif part.get_content_type() == "text/calendar":
            result["calendar"] = read_calendar(part.get_content(), defects)
    result["defects"] = defects
    return result


def main() -> None:
    messages = json.load(sys.stdin)
    json.dump([read_message(m) for m in messages], sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
