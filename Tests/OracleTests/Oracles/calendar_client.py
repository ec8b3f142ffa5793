"""A calendar program answering an invitation, as Thunderbird or Apple Calendar would:
reads the invitation (an RFC 5322 message with a text/calendar METHOD:REQUEST part) on
stdin, and writes to stdout an iMIP REPLY from ATTENDEE with PARTSTAT (and a COMMENT if
given), built with the `icalendar` package and sent to the event's ORGANIZER.

    calendar_client.py ATTENDEE PARTSTAT [COMMENT] < invitation.eml > reply.eml
"""
import sys
from email import message_from_bytes, policy
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate, make_msgid

from icalendar import Calendar, Event, vCalAddress, vText


def main():
    attendee, partstat = sys.argv[1], sys.argv[2]
    comment = sys.argv[3] if len(sys.argv) > 3 else None
    invitation = message_from_bytes(sys.stdin.buffer.read(), policy=policy.default)
    calendar_part = next(p for p in invitation.walk() if p.get_content_type() == "text/calendar")
    request = Calendar.from_ical(calendar_part.get_payload(decode=True))
    assert str(request.get("METHOD")) == "REQUEST", request.get("METHOD")
    asked = next(c for c in request.walk("VEVENT"))

    reply = Calendar()
    reply.add("prodid", "-//Convene tests//calendar client//EN")
    reply.add("version", "2.0")
    reply.add("method", "REPLY")
    event = Event()
    for name in ("UID", "SEQUENCE", "DTSTART", "DTEND", "SUMMARY", "ORGANIZER"):
        if name in asked:
            event[name] = asked[name]
    event.add("dtstamp", asked.decoded("DTSTAMP"))
    person = vCalAddress("mailto:" + attendee)
    person.params["PARTSTAT"] = vText(partstat)
    event.add("attendee", person, encode=0)
    if comment:
        event.add("comment", comment)
    reply.add_component(event)

    organizer = str(asked["ORGANIZER"]).split(":", 1)[1]
    message = MIMEMultipart("mixed")
    message["From"] = attendee
    message["To"] = organizer
    message["Subject"] = {"ACCEPTED": "Accepted", "DECLINED": "Declined", "TENTATIVE": "Tentative"}[partstat] \
        + ": " + str(asked["SUMMARY"])
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="client.example.org")
    message.attach(MIMEText(f"{attendee} has answered: {partstat.lower()}.", "plain", "utf-8"))
    part = MIMEText(reply.to_ical().decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", "REPLY")
    message.attach(part)
    sys.stdout.buffer.write(message.as_bytes(policy=policy.SMTP))


main()
