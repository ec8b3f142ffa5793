"""Writes the inbound fixtures and expected.json.  Run with the oracle venv's
python (it needs the `icalendar` package for python-icalendar.eml)."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from lib import *  # noqa

OUT = sys.argv[1]
EXPECTED = {}
FILES = {}

QID_CHARS = "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjkmnpqrstvwxyz"


def qid(seed):
    h = int(fake_hex(seed, 24), 16)
    s = ""
    for _ in range(15):
        s += QID_CHARS[h % len(QID_CHARS)]
        h //= len(QID_CHARS)
    return "4" + s[1:]


def trace(envelope_from, helo, ip, date, seed):
    """What the council's MX (Postfix) and the local delivery add on the way in."""
    return [
        f"Return-Path: <{envelope_from}>",
        "Delivered-To: participation@example.org",
        f"Received: from {helo} ({helo} [{ip}])",
        "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)",
        "\t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)",
        "\t(No client certificate requested)",
        f"\tby mx.example.org (Postfix) with ESMTPS id {qid(seed)}",
        f"\tfor <participation@example.org>; {date} (GMT)",
    ]


def emit(name, headers, body, expected):
    text = lines_to_text(headers) + CRLF + body
    FILES[name] = finish(text)
    EXPECTED[name] = expected


def subject_reply(prefix=""):
    return prefix + INVITATION_SUBJECT


def reply_expected(frm, mid, irt, uid, attendee, answer, reason):
    return {"kind": "calendar-reply", "from": frm, "message_id": mid, "in_reply_to": irt,
            "uid": uid, "sequence": 0, "attendee": attendee, "answer": answer, "reason": reason}


def text_expected(frm, mid, irt, answer, reason):
    return {"kind": "text-reply", "from": frm, "message_id": mid, "in_reply_to": irt,
            "answer": answer, "reason": reason}


# ==========================================================================
# Exchange / Outlook (meeting responses converted to iCalendar by Exchange)
# ==========================================================================
EXCHANGE_VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:GMT Standard Time",
    "BEGIN:STANDARD",
    "DTSTART:16010101T020000",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:16010101T010000",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
]


def exchange_calendar(cn, email, partstat, prefix, stamp, comment=None, mailto="MAILTO",
                      organizer=True, owner_appt_id="-1204457219"):
    ev = ["BEGIN:VCALENDAR", "METHOD:REPLY", "PRODID:Microsoft Exchange Server 2010",
          "VERSION:2.0"] + EXCHANGE_VTIMEZONE + ["BEGIN:VEVENT"]
    if organizer:
        ev.append(f"ORGANIZER;CN={ORGANISER_NAME}:{mailto}:{ORGANISER}")
    ev.append(f"ATTENDEE;PARTSTAT={partstat};CN={cn}:{mailto}:{email}")
    if comment is not None:
        ev.append("COMMENT;LANGUAGE=en-GB:" + ical_escape(comment + "\n"))
    ev += [
        f"SUMMARY;LANGUAGE=en-GB:{prefix}: {TITLE}",
        "DTSTART;TZID=GMT Standard Time:20270309T100000",
        "DTEND;TZID=GMT Standard Time:20270309T120000",
        f"UID:{UID}",
        "CLASS:PUBLIC",
        "PRIORITY:5",
        f"DTSTAMP:{stamp}",
        "TRANSP:OPAQUE",
        "STATUS:CONFIRMED",
        "SEQUENCE:0",
        "LOCATION;LANGUAGE=en-GB:" + ical_escape(LOCATION),
        "X-MICROSOFT-CDO-APPT-SEQUENCE:0",
        f"X-MICROSOFT-CDO-OWNERAPPTID:{owner_appt_id}",
        "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
        "X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY",
        "X-MICROSOFT-CDO-ALLDAYEVENT:FALSE",
        "X-MICROSOFT-CDO-IMPORTANCE:1",
        "X-MICROSOFT-CDO-INSTTYPE:0",
        "X-MICROSOFT-DONOTFORWARDMEETING:FALSE",
        "X-MICROSOFT-DISALLOW-COUNTER:FALSE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ical(ev)


def exchange_message(name, *, display, email, subject_prefix, partstat, date, stamp, host,
                     msg_seed, comment=None, mailto="MAILTO", organizer=True,
                     expected_attendee=None, expected_from=None, answer, reason):
    mid_local = (host.split(".")[0] + fake_hex(msg_seed, 27).upper())
    mid = f"{mid_local}@{host}"
    boundary = f"_000_{mid_local}{host.split('.')[0]}{host.split('.')[1][:4]}_"
    if comment is None:
        plain = CRLF
        plain_cs, plain_cte = "us-ascii", "quoted-printable"
        html = ("<html>\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; "
                "charset=us-ascii\">\r\n</head>\r\n<body>\r\n</body>\r\n</html>\r\n")
        html_cs = "us-ascii"
    else:
        plain = comment + CRLF
        plain_cs, plain_cte = "utf-8", "quoted-printable"
        html = (
            "<html>\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n"
            "<style type=\"text/css\" style=\"display:none;\"> P {margin-top:0;margin-bottom:0;} </style>\r\n"
            "</head>\r\n<body dir=\"ltr\">\r\n"
            "<div class=\"elementToProof\" style=\"font-family: Aptos, Aptos_EmbeddedFont, "
            "Aptos_MSFontService, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);\">\r\n"
            + comment.replace("&", "&amp;") + "</div>\r\n</body>\r\n</html>\r\n")
        html_cs = "utf-8"
    cal = exchange_calendar(display, email, partstat, subject_prefix, stamp, comment, mailto,
                            organizer)
    subject = f"{subject_prefix}: {TITLE}"
    headers = trace(email, "EUR05-DB8-obe.outbound.protection.outlook.com",
                    "2001:db8:111:f403::7b1", date, msg_seed) + [
        f"ARC-Seal: i=1; a=rsa-sha256; s=arcselector10001; d=microsoft.com; cv=none;",
        f" b={fake_b64(msg_seed + 'arc', 64)}",
        f"From: {display} <{email}>",
        f"To: {ORGANISER_NAME} <{ORGANISER}>",
        f"Subject: {subject}",
        f"Thread-Topic: {TITLE}",
        f"Thread-Index: {fake_b64(msg_seed + 'ti', 30)}==",
        f"Date: {date}",
        f"Message-ID: <{mid}>",
        "Accept-Language: en-GB, en-US",
        "Content-Language: en-GB",
        "X-MS-Has-Attach:",
        "X-MS-TNEF-Correlator:",
        "msip_labels:",
        "x-ms-publictraffictype: Email",
        f"x-ms-traffictypediagnostic: {host.split('.')[0]}:EE_|{host.split('.')[0][:4]}PR05MB9021:EE_",
        f"x-ms-office365-filtering-correlation-id: {fake_hex(msg_seed + 'c', 8)}-{fake_hex(msg_seed + 'd', 4)}-4c1e-08dd-{fake_hex(msg_seed + 'e', 12)}",
        "x-ms-exchange-senderadcheck: 1",
        "x-ms-exchange-antispam-relay: 0",
        f"Content-Type: multipart/alternative;",
        f"\tboundary=\"{boundary}\"",
        "MIME-Version: 1.0",
        "X-OriginatorOrg: example.org",
        "X-MS-Exchange-CrossTenant-AuthAs: Internal",
        f"X-MS-Exchange-CrossTenant-originalarrivaltime: {date_to_exchange(date)}",
        "X-MS-Exchange-Transport-CrossTenantHeadersStamped: " + host.split(".")[0],
    ]
    body = (
        f"--{boundary}{CRLF}"
        f"Content-Type: text/plain; charset=\"{plain_cs}\"{CRLF}"
        f"Content-Transfer-Encoding: {plain_cte}{CRLF}{CRLF}"
        + qp(plain) + CRLF +
        f"--{boundary}{CRLF}"
        f"Content-Type: text/html; charset=\"{html_cs}\"{CRLF}"
        f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}"
        + qp(html) + CRLF +
        f"--{boundary}{CRLF}"
        f"Content-Type: text/calendar; charset=\"utf-8\"; method=REPLY{CRLF}"
        f"Content-Transfer-Encoding: base64{CRLF}{CRLF}"
        + b64(cal) + CRLF +
        f"--{boundary}--{CRLF}"
    )
    emit(name, headers, body, reply_expected(
        (expected_from or email).lower(), mid, None, UID,
        (expected_attendee or email).lower(), answer, reason))
    return cal


def date_to_exchange(date):
    # "Mon, 15 Feb 2027 19:42:10 +0000" -> "15 Feb 2027 19:42:10.4021 (UTC)"
    parts = date.split()
    return f"{parts[1]} {parts[2]} {parts[3]} {parts[4]}.4021 (UTC)"


# 1. outlook-accepted ------------------------------------------------------
exchange_message(
    "outlook-accepted", display="Rachel Osei", email="chair.severnside-pcf@example.org",
    subject_prefix="Accepted", partstat="ACCEPTED", date="Mon, 15 Feb 2027 19:42:10 +0000",
    stamp="20270215T194210Z", host="DB9PR07MB8456.eurprd07.prod.outlook.com",
    msg_seed="outlook-accepted", answer="accepted", reason=None)

# 2. outlook-declined-comment ----------------------------------------------
OUTLOOK_COMMENT = ("Sorry, I have my son\u2019s annual review at school that morning. "
                   "Imran may be able to come instead.")
exchange_message(
    "outlook-declined-comment", display="Sarah Whitcombe", email="kingsmere-pcf@example.org",
    subject_prefix="Declined", partstat="DECLINED", date="Tue, 16 Feb 2027 10:14:52 +0000",
    stamp="20270216T101452Z", host="AM9PR02MB7310.eurprd02.prod.outlook.com",
    msg_seed="outlook-declined-comment", comment=OUTLOOK_COMMENT, answer="declined",
    reason=OUTLOOK_COMMENT)

# 18 (extra). outlook-com-accepted-no-organizer: Exchange Online as it is today
exchange_message(
    "outlook-com-accepted-no-organizer", display="Emma Castellano",
    email="autism-kingsmere@example.org", subject_prefix="Accepted", partstat="ACCEPTED",
    date="Sat, 20 Feb 2027 10:05:44 +0000", stamp="20270220T100544Z",
    host="PAXPR04MB8127.eurprd04.prod.outlook.com", msg_seed="outlook-com-no-organizer",
    mailto="mailto", organizer=False, answer="accepted", reason=None)


# ==========================================================================
# Google Calendar (Gmail)
# ==========================================================================
def google_calendar(cn, email, partstat, stamp, created, modified, response_comment=None):
    attendee = f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};CN={cn};X-NUM-GUESTS=0"
    if response_comment is not None:
        attendee += f";X-RESPONSE-COMMENT=\"{response_comment}\""
    return ical([
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:REPLY",
        "BEGIN:VEVENT",
        "DTSTART:20270309T100000Z",
        "DTEND:20270309T120000Z",
        f"DTSTAMP:{stamp}",
        f"ORGANIZER;CN={ORGANISER_NAME}:mailto:{ORGANISER}",
        f"UID:{UID}",
        attendee + f":mailto:{email}",
        f"CREATED:{created}",
        f"LAST-MODIFIED:{modified}",
        "LOCATION:" + ical_escape(LOCATION),
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
        f"SUMMARY:{TITLE}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ])


def google_message(name, *, display, email, verb, partstat, date, stamp, created, seed,
                   response_comment=None, note_text=None, answer, reason, guests):
    outer = "0000000000" + fake_hex(seed + "o", 18)
    inner = outer[:-4] + fake_hex(seed + "i", 4)
    mid = f"calendar-{fake_hex(seed, 8)}-{fake_hex(seed + '1', 4)}-4{fake_hex(seed + '2', 3)}-a{fake_hex(seed + '3', 3)}-{fake_hex(seed + '4', 12)}@google.com"
    cal = google_calendar(display, email, partstat, stamp, created, stamp, response_comment)
    when = "Tuesday 9 Mar 2027 \u22c5 10:00\u201312:00 (Greenwich Mean Time)"
    headline = f"{display} has {verb} this invitation"
    headline += f" with note: \"{note_text}\"" if note_text else "."
    plain = CRLF.join([
        headline, "",
        TITLE,
        when, "",
        "Location",
        LOCATION,
        "https://www.google.com/maps/search/County+Hall,+Council+Chamber,+Shire+Street,+Wyreford?hl=en-GB", "",
        "Guests",
        f"{ORGANISER_NAME} - organiser",
    ] + guests + [
        "View all guest info  ",
        "https://calendar.google.com/calendar/event?action=VIEW&eid=c3Rha2Vob2xkZXItZm9ydW0tMjAyNzAzMDlAZXhhbXBsZS5vcmc&ctz=Europe%2FLondon&hl=en_GB&es=1",
        "",
        "Invitation from Google Calendar: https://calendar.google.com/calendar/", "",
        "You are receiving this email because you are an attendee on the event.", "",
        "Forwarding this invitation could allow any recipient to send a response to  ",
        "the organiser, be added to the guest list, invite others regardless of  ",
        "their own invitation status or modify your RSVP.", "",
        "Learn more https://support.google.com/calendar/answer/37135#forwarding", "",
    ])
    html = (
        "<!doctype html><html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:v=\"urn:schemas-microsoft-com:vml\" "
        "xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><title></title><meta http-equiv=\"Content-Type\" "
        "content=\"text/html; charset=UTF-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        "<meta name=\"color-scheme\" content=\"light dark\"></head><body class=\"body\"><span itemscope "
        "itemtype=\"http://schema.org/InformAction\"><span style=\"display:none\" itemprop=\"about\" itemscope "
        "itemtype=\"http://schema.org/Person\"><meta itemprop=\"description\" content=\""
        + headline.replace("\"", "&quot;") + "\"/></span><span itemprop=\"object\" itemscope "
        "itemtype=\"http://schema.org/Event\"><div style=\"\"><table border=\"0\" cellpadding=\"0\" cellspacing=\"0\" "
        "role=\"presentation\" align=\"center\" style=\"width:100%;\"><tbody><tr><td style=\"font-size: 0; padding: 0; "
        "text-align: left; word-break: break-word;;padding-bottom:24px;\"><div style=\"color: #3c4043; text-decoration: "
        "none;font-family: 'Google Sans', Roboto, sans-serif;font-size: 16px; line-height: 24px;\">"
        + headline.replace("\"", "&quot;") + "</div></td></tr><tr><td><h2 class=\"primary-text\" itemprop=\"name\" "
        "style=\"font-size: 22px; line-height: 28px; margin: 0;\">" + TITLE + "</h2></td></tr><tr><td>"
        "<span itemprop=\"startDate\" style=\"display: none;\">20270309T100000Z</span><span itemprop=\"endDate\" "
        "style=\"display: none;\">20270309T120000Z</span>Tuesday 9 Mar 2027 &#8901; 10:00&#8211;12:00 (Greenwich Mean Time)"
        "</td></tr><tr><td><span itemprop=\"location\" itemscope itemtype=\"http://schema.org/Place\"><span itemprop=\"name\">"
        + LOCATION + "</span></span></td></tr></tbody></table></div></span></span>"
        "<p>Invitation from <a href=\"https://calendar.google.com/calendar/\">Google Calendar</a></p>"
        "<p>You are receiving this email because you are an attendee on the event.</p></body></html>\r\n")
    subject = (f"{verb.capitalize()}: {TITLE} @ Tue 9 Mar 2027 10:00 - 12:00 (GMT) ({ORGANISER})")
    headers = trace(f"3{fake_b64(seed + 'rp', 10).replace('+', 'x').replace('/', 'y')}.ABCxyZ-ghijklm.ijk@calendar-server.bounces.google.com",
                    "mail-ej1-f73.google.com", "203.0.113.73", date, seed) + [
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;",
        f"        d={email.split('@')[1]}; s=google; t=1802660431; x=1803265231; darn=example.org;",
        "        h=to:from:subject:date:message-id:auto-submitted:sender:reply-to",
        "         :mime-version:from:to:cc:subject:date:message-id:reply-to;",
        f"        bh={fake_b64(seed + 'bh', 43)}=;",
        f"        b={fake_b64(seed + 'b1', 70)}",
        f"         {fake_b64(seed + 'b2', 70)}",
        f"         {fake_b64(seed + 'b3', 60)}==",
        "MIME-Version: 1.0",
        "X-Received: by 2002:a17:907:7d8b:b0:9a1:b4c2:3e3f with SMTP id",
        "        oz11-20020a1709077d8b00b009a1b4c23e3fmr4407163ejc.61.1802660431127;",
        f"        {date}",
        "Reply-To: " + (f"{display} <{email}>"),
        "Sender: Google Calendar <calendar-notification@google.com>",
        "Auto-Submitted: auto-generated",
        f"Message-ID: <{mid}>",
        f"Date: {date}",
    ] + fold_header("Subject", subject) + [
        f"From: {display} <{email}>",
        f"To: {ORGANISER}",
        f"Content-Type: multipart/mixed; boundary=\"{outer}\"",
    ]
    body = (
        f"--{outer}{CRLF}"
        f"Content-Type: multipart/alternative; boundary=\"{inner}\"{CRLF}{CRLF}"
        f"--{inner}{CRLF}"
        f"Content-Type: text/plain; charset=\"UTF-8\"; format=flowed; delsp=yes{CRLF}"
        f"Content-Transfer-Encoding: base64{CRLF}{CRLF}"
        + b64(plain) +
        f"--{inner}{CRLF}"
        f"Content-Type: text/html; charset=\"UTF-8\"{CRLF}"
        f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}"
        + qp(html) +
        f"--{inner}{CRLF}"
        f"Content-Type: text/calendar; charset=\"UTF-8\"; method=REPLY{CRLF}"
        f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}"
        + qp(cal) + CRLF +
        f"--{inner}--{CRLF}{CRLF}"
        f"--{outer}{CRLF}"
        f"Content-Type: application/ics; name=\"invite.ics\"{CRLF}"
        f"Content-Disposition: attachment; filename=\"invite.ics\"{CRLF}"
        f"Content-Transfer-Encoding: base64{CRLF}{CRLF}"
        + b64(cal) +
        f"--{outer}--{CRLF}"
    )
    emit(name, headers, body, reply_expected(email.lower(), mid, None, UID, email.lower(),
                                             answer, reason))


# 3. gmail-declined: Google Workspace auto-decline outside working hours ----
google_message(
    "gmail-declined", display="Nadia Laurent", email="chloes-circle@example.org",
    verb="declined", partstat="DECLINED", date="Mon, 15 Feb 2027 09:00:31 +0000",
    stamp="20270215T090031Z", created="20270215T090029Z", seed="gmail-declined",
    response_comment="Declined because it&#39\\;s outside of working hours",
    note_text="Declined because it's outside of working hours", answer="declined",
    reason="Declined because it's outside of working hours",
    guests=["Nadia Laurent - declined", "Volunteer (Ruth Mensah)"])

# 16. unknown-sender-accepted: a forwarded invitation accepted in Google ------
google_message(
    "unknown-sender-accepted", display="Jo Pritchard", email="jo.pritchard@example.net",
    verb="accepted", partstat="ACCEPTED", date="Fri, 19 Feb 2027 15:48:03 +0000",
    stamp="20270219T154803Z", created="20270219T154611Z", seed="unknown-sender-accepted",
    answer="accepted", reason=None,
    guests=["Jo Pritchard - accepted", "Founder (Nadia Laurent)", "Volunteer (Ruth Mensah)"])


# ==========================================================================
# Thunderbird (calendar/itip/CalItipEmailTransport.sys.mjs)
# ==========================================================================
MOZ_LONDON = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
]


def thunderbird_message(name, *, display, email, attendee_cn, attendee, partstat, date, stamp,
                        received, seed, answer, subject_key):
    mid = f"{fake_hex(seed, 8)}-{fake_hex(seed + 'a', 4)}-4{fake_hex(seed + 'b', 3)}-8{fake_hex(seed + 'c', 3)}-{fake_hex(seed + 'd', 12)}@example.org"
    cal = ical([
        "BEGIN:VCALENDAR",
        "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN",
        "VERSION:2.0",
        "METHOD:REPLY",
    ] + MOZ_LONDON + [
        "BEGIN:VEVENT",
        f"CREATED:{received}",
        f"LAST-MODIFIED:{stamp}",
        f"DTSTAMP:{stamp}",
        f"UID:{UID}",
        f"SUMMARY:{TITLE}",
        f"ORGANIZER;CN={ORGANISER_NAME}:mailto:{ORGANISER}",
        f"ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};CN={attendee_cn}:mailto:{attendee}",
        "DTSTART;TZID=Europe/London:20270309T100000",
        "DTEND;TZID=Europe/London:20270309T120000",
        "DESCRIPTION:" + ical_escape(event_description()),
        "LOCATION:" + ical_escape(LOCATION),
        f"URL:{ONLINE}",
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ])
    subject = {"accept": f"Accepted: {TITLE}", "tentative": f"Tentative: {TITLE}"}[subject_key]
    # itipReplyBodyAccept is used for TENTATIVE too (CalItipEmailTransport._prepareItems)
    body_text = f"{attendee_cn} <{attendee}> has accepted your event invitation."
    outer = "Boundary_(ID_qyG4ZdjoAsiZ+Jo19dCbWQ)"
    inner = "Boundary_(ID_ryU4ZdJoASiZ+Jo21dCbwA)"
    headers = trace(email, "smtp.example.org", "192.0.2.47", date, seed) + [
        "MIME-version: 1.0",
        f"From: {display} <{email}>",
        f"Message-ID: <{mid}>",
        f"To: {ORGANISER_NAME} <{ORGANISER}>",
        f"Date: {date}",
        f"Subject: {subject}",
        f"Content-type: multipart/mixed; boundary=\"{outer}\"",
    ]
    body = (
        CRLF + CRLF +
        f"--{outer}{CRLF}"
        f"Content-type: multipart/alternative;{CRLF}"
        f" boundary=\"{inner}\"{CRLF}{CRLF}{CRLF}"
        f"--{inner}{CRLF}"
        f"Content-type: text/plain; charset=UTF-8{CRLF}"
        f"Content-transfer-encoding: 8BIT{CRLF}{CRLF}"
        + body_text + CRLF + CRLF + CRLF +
        f"--{inner}{CRLF}"
        f"Content-type: text/calendar; method=REPLY; charset=UTF-8{CRLF}"
        f"Content-transfer-encoding: 8BIT{CRLF}{CRLF}"
        + cal + CRLF + CRLF +
        f"--{inner}--{CRLF}{CRLF}"
        f"--{outer}{CRLF}"
        f"Content-type: application/ics; name=invite.ics{CRLF}"
        f"Content-transfer-encoding: 8BIT{CRLF}"
        f"Content-disposition: attachment; filename=invite.ics{CRLF}{CRLF}"
        + cal + CRLF + CRLF +
        f"--{outer}--{CRLF}"
    )
    # The header section ends at the first empty line; Thunderbird's file then has
    # two more empty lines before the first boundary (the preamble), kept here.
    text = lines_to_text(headers) + body
    FILES[name] = finish(text)
    EXPECTED[name] = reply_expected(email.lower(), mid, None, UID, attendee.lower(), answer, None)


# 4. thunderbird-tentative -------------------------------------------------
thunderbird_message(
    "thunderbird-tentative", display="Ben Fairclough", email="deaf-network.deputy@example.org",
    attendee_cn="Deputy coordinator (Ben Fairclough)", attendee="deaf-network.deputy@example.org",
    partstat="TENTATIVE", date="Tue, 16 Feb 2027 20:41:07 +0000", stamp="20270216T204107Z",
    received="20270215T183355Z", seed="thunderbird-tentative", answer="tentative",
    subject_key="tentative")

# 17. mismatched-attendee: one person, two forums' mailboxes in one Thunderbird
thunderbird_message(
    "mismatched-attendee", display="Gemma Rowlands", email="hollinbrook-pcf@example.org",
    attendee_cn="Secretary (Nicola Hartley)", attendee="hollinbrook-send@example.org",
    partstat="ACCEPTED", date="Mon, 22 Feb 2027 09:12:30 +0000", stamp="20270222T091230Z",
    received="20270215T090912Z", seed="mismatched-attendee", answer="accepted",
    subject_key="accept")


# ==========================================================================
# 5. apple-mail-accepted: macOS Calendar answering through Mail
# ==========================================================================
def apple():
    name = "apple-mail-accepted"
    email, display = "deaf-network@example.org", "Amira Haddad"
    date = "Thu, 18 Feb 2027 11:30:12 +0000"
    stamp = "20270218T113012Z"
    uuid = "5E2F0B1C-8D3A-4F6B-9E2C-1A7D4B3C6E90"
    boundary = f"Apple-Mail={'_'}{uuid}"
    mid = "B4C7E1D2-93A5-4F08-8C61-2D7E9A0F3B54@example.org"
    fname = "iCal-20270218-113012.ics"
    cal = ical([
        "BEGIN:VCALENDAR",
        "METHOD:REPLY",
        "PRODID:-//Apple Inc.//macOS 14.3.1//EN",
        "VERSION:2.0",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/London",
        "BEGIN:DAYLIGHT",
        "DTSTART:19810329T010000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "TZNAME:BST",
        "TZOFFSETFROM:+0000",
        "TZOFFSETTO:+0100",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "DTSTART:19961027T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "TZNAME:GMT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0000",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        f"ATTENDEE;CN=\"Network coordinator (Amira Haddad)\";CUTYPE=INDIVIDUAL;EMAIL=\"{email}\";PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:{email}",
        "CREATED:20270215T091544Z",
        "DESCRIPTION:" + ical_escape(event_description()),
        "DTEND;TZID=Europe/London:20270309T120000",
        f"DTSTAMP:{stamp}",
        "DTSTART;TZID=Europe/London:20270309T100000",
        "LOCATION:" + ical_escape(LOCATION),
        f"ORGANIZER;CN=\"{ORGANISER_NAME}\";EMAIL=\"{ORGANISER}\":mailto:{ORGANISER}",
        "SEQUENCE:0",
        f"SUMMARY:{TITLE}",
        "TRANSP:OPAQUE",
        f"UID:{UID}",
        f"URL;VALUE=URI:{ONLINE}",
        "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC",
        "END:VEVENT",
        "END:VCALENDAR",
    ])
    headers = trace(email, "smtp.example.org", "192.0.2.61", date, name) + [
        f"From: {display} <{email}>",
        f"Content-Type: multipart/mixed;",
        f"\tboundary=\"{boundary}\"",
        "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.400.31\\))",
        f"Subject: Accepted: {TITLE}",
        f"Date: {date}",
        f"Message-Id: <{mid}>",
        f"To: {ORGANISER}",
        "X-Mailer: Apple Mail (2.3774.400.31)",
    ]
    body = (
        f"{CRLF}--{boundary}{CRLF}"
        f"Content-Transfer-Encoding: 7bit{CRLF}"
        f"Content-Type: text/plain;{CRLF}"
        f"\tcharset=us-ascii{CRLF}{CRLF}"
        f"{CRLF}{CRLF}"
        f"--{boundary}{CRLF}"
        f"Content-Disposition: attachment;{CRLF}"
        f"\tfilename={fname}{CRLF}"
        f"Content-Type: text/calendar;{CRLF}"
        f"\tx-unix-mode=0644;{CRLF}"
        f"\tname=\"{fname}\";{CRLF}"
        f"\tmethod=REPLY{CRLF}"
        f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}"
        + qp(cal) +
        f"--{boundary}--{CRLF}"
    )
    emit(name, headers, body, reply_expected(email, mid, None, UID, email, "accepted", None))


apple()


# ==========================================================================
# 6. evolution-bare: Evolution puts the calendar in the message body itself
# ==========================================================================
def evolution():
    name = "evolution-bare"
    email, display = "treasurer.kingsmere-pcf@example.org", "Imran Qureshi"
    date = "Wed, 17 Feb 2027 08:03:29 +0000"
    stamp = "20270217T080329Z"
    mid = "9f2d7c41e08b5a63d1c4e7f0a2b6c8d9e5f3a1b7.camel@example.org"
    cal = ical([
        "BEGIN:VCALENDAR",
        "PRODID:-//Ximian//NONSGML Evolution Calendar//EN",
        "VERSION:2.0",
        "METHOD:REPLY",
        # The zone Evolution received in the invitation, written back as it came
        "BEGIN:VTIMEZONE",
        "TZID:Europe/London",
        "BEGIN:STANDARD",
        "DTSTART:20261025T020000",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0000",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:20270328T010000",
        "TZOFFSETFROM:+0000",
        "TZOFFSETTO:+0100",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "DTSTART:20271031T020000",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0000",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        f"UID:{UID}",
        "SEQUENCE:0",
        f"DTSTAMP:{stamp}",
        "DTSTART;TZID=Europe/London:20270309T100000",
        "DTEND;TZID=Europe/London:20270309T120000",
        f"SUMMARY:{TITLE}",
        "DESCRIPTION:" + ical_escape(event_description()),
        "LOCATION:" + ical_escape(LOCATION),
        f"URL:{ONLINE}",
        f"ORGANIZER;CN=\"{ORGANISER_NAME}\":mailto:{ORGANISER}",
        f"ATTENDEE;CN=\"Treasurer (Imran Qureshi)\";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:{email}",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ])
    headers = trace(email, "smtp.example.org", "192.0.2.33", date, name) + [
        f"Subject: Accepted: {TITLE}",
        f"From: {display} <{email}>",
        f"To: {ORGANISER_NAME} <{ORGANISER}>",
        f"Date: {date}",
        "Content-Type: text/calendar; name=\"calendar.ics\"; charset=\"utf-8\";",
        " METHOD=\"REPLY\"",
        "Content-Transfer-Encoding: 7bit",
        "X-Mailer: Evolution 3.50.4 (3.50.4-1.fc39)",
        f"Message-ID: <{mid}>",
        "MIME-Version: 1.0",
    ]
    emit(name, headers, cal, reply_expected(email, mid, None, UID, email, "accepted", None))


evolution()


# ==========================================================================
# 7. python-icalendar: a forum's own small script (icalendar + email package)
# ==========================================================================
def python_icalendar():
    import datetime
    import zoneinfo
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText
    from email.policy import SMTP
    import icalendar
    from icalendar import Calendar, Event, vCalAddress, vText

    name = "python-icalendar"
    email = "wyreford-send-parents@example.org"
    comment = ("I have a SEND tribunal hearing that morning, so I can't come; "
               "Tom will send his apologies too.")
    cal = Calendar()
    cal.add("prodid", "-//Wyreford SEND Parents//forum-diary 1.4//EN")
    cal.add("version", "2.0")
    cal.add("method", "REPLY")
    ev = Event()
    ev.add("uid", UID)
    ev.add("sequence", 0)
    ev.add("dtstamp", datetime.datetime(2027, 2, 17, 19, 5, 12, tzinfo=datetime.timezone.utc))
    london = zoneinfo.ZoneInfo("Europe/London")
    ev.add("dtstart", datetime.datetime(2027, 3, 9, 10, 0, tzinfo=london))
    ev.add("dtend", datetime.datetime(2027, 3, 9, 12, 0, tzinfo=london))
    ev.add("summary", TITLE)
    organizer = vCalAddress(f"mailto:{ORGANISER}")
    organizer.params["cn"] = vText(ORGANISER_NAME)
    ev.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{email}")
    attendee.params["cn"] = vText("Forum coordinator (Helen Barker)")
    attendee.params["partstat"] = vText("DECLINED")
    ev.add("attendee", attendee)
    ev.add("comment", comment)
    cal.add_component(ev)
    cal.add_missing_timezones()
    ics = cal.to_ical().decode("utf-8")

    msg = MIMEMultipart("mixed", boundary="===============6437821190372154318==")
    msg["From"] = f"Wyreford SEND Parents <{email}>"
    msg["To"] = ORGANISER
    msg["Subject"] = f"Declined: {TITLE}"
    msg["Date"] = "Wed, 17 Feb 2027 19:05:12 +0000"
    mid = "178938391238.48213.11749830027153958821@forum-diary.example.org"
    msg["Message-ID"] = f"<{mid}>"
    msg.attach(MIMEText("Helen Barker has declined this meeting: " + comment + "\n", "plain", "utf-8"))
    part = MIMEText(ics, "calendar", "utf-8")
    part.set_param("method", "REPLY")
    msg.attach(part)
    raw = msg.as_bytes(policy=SMTP)
    head, _, body = raw.partition(b"\r\n\r\n")
    headers = trace(email, "forum-diary.example.org", "198.51.100.23", msg["Date"], name)
    text = lines_to_text(headers).encode() + head + b"\r\n\r\n" + body
    FILES[name] = finish(text)
    EXPECTED[name] = reply_expected(email, mid, None, UID, email, "declined", comment)
    return ics, icalendar.__version__


PY_ICS, ICALENDAR_VERSION = python_icalendar()


# ==========================================================================
# Text replies
# ==========================================================================
def to_header(forum):
    return ", ".join(f"\"{n}\" <{e}>" for n, e in FORUMS[forum][1])


# 8. text-yes: Gmail app on a phone ------------------------------------------
def text_yes():
    name = "text-yes"
    forum = "severnside-parent-carer-forum"
    email, display = "severnside-pcf@example.org", "Lucy Tran"
    irt = invitation_id(forum)
    date = "Mon, 15 Feb 2027 12:37:41 +0000"
    mid = "CAH7qK3mXo0vRz4fHq9WcL5uYd2sK6aG3jN8oP1rQ7Xw=tB2dA@mail.gmail.com"
    boundary = "000000000000c4e1d205f1a2b3c4"
    quote_plain = [">" if not l else "> " + l for l in letter_lines(forum)]
    plain = lines_to_text([
        "Yes, two of us will come.",
        "",
        "-- ",
        "Lucy Tran",
        "Coordinator, Severnside Parent Carer Forum",
        "",
        "On Mon, 15 Feb 2027 at 09:00, SEND Participation Team <participation@example.org> wrote:",
        "",
    ] + quote_plain)
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    html = (
        "<div dir=\"ltr\">Yes, two of us will come.</div><br clear=\"all\"><div><div dir=\"ltr\" "
        "class=\"gmail_signature\" data-smartmail=\"gmail_signature\">Lucy Tran<br>Coordinator, Severnside "
        "Parent Carer Forum</div></div><br><div class=\"gmail_quote gmail_quote_container\"><div dir=\"ltr\" "
        "class=\"gmail_attr\">On Mon, 15 Feb 2027 at 09:00, SEND Participation Team &lt;<a href=\"mailto:"
        "participation@example.org\">participation@example.org</a>&gt; wrote:<br></div><blockquote "
        "class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);"
        "padding-left:1ex\">" + "<br>".join(esc(l) for l in letter_lines(forum)) + "<br></blockquote></div>\r\n")
    headers = trace(email, "mail-wm1-f50.google.com", "203.0.113.50", date, name) + [
        "MIME-Version: 1.0",
        f"References: <{irt}>",
        f"In-Reply-To: <{irt}>",
        f"From: {display} <{email}>",
        f"Date: {date}",
        f"Message-ID: <{mid}>",
    ] + fold_header("Subject", "Re: " + INVITATION_SUBJECT) + [
        f"To: {ORGANISER_NAME} <{ORGANISER}>",
        f"Content-Type: multipart/alternative; boundary=\"{boundary}\"",
    ]
    body = (
        f"--{boundary}{CRLF}"
        f"Content-Type: text/plain; charset=\"UTF-8\"{CRLF}"
        f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}"
        + qp(plain) + CRLF +
        f"--{boundary}{CRLF}"
        f"Content-Type: text/html; charset=\"UTF-8\"{CRLF}"
        f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}"
        + qp(html) + CRLF +
        f"--{boundary}--{CRLF}"
    )
    emit(name, headers, body, text_expected(email, mid, irt, "accepted", "two of us will come."))


text_yes()


# 9. text-no-with-reason: Outlook for Windows, plain-text format -------------
def text_no():
    name = "text-no-with-reason"
    forum = "cottesby-send-parents"
    email = "cottesby-send@example.org"
    irt = invitation_id(forum)
    date = "Tue, 16 Feb 2027 21:12:40 +0000"
    mid = "000a01dd84a3$6f2e8b10$4d8ba130$@example.org"
    to = "; ".join(f"{n} <{e}>" for n, e in FORUMS[forum][1])
    lines = [
        "no",
        "Sorry, we can only manage evenings. Most of our parents work during the day.",
        "Could the forum sometimes meet in the evening instead?",
        "",
        "-----Original Message-----",
        f"From: {ORGANISER_NAME} <{ORGANISER}> ",
        "Sent: 15 February 2027 09:00",
        f"To: {to}",
        f"Subject: {INVITATION_SUBJECT}",
        "",
    ] + letter_lines(forum) + [""]
    headers = trace(email, "smtp.example.org", "192.0.2.88", date, name) + [
        f"From: \"Louise Grant\" <{email}>",
        f"To: \"'{ORGANISER_NAME}'\" <{ORGANISER}>",
        f"References: <{irt}>",
        f"In-Reply-To: <{irt}>",
    ] + fold_header("Subject", "RE: " + INVITATION_SUBJECT) + [
        f"Date: {date}",
        f"Message-ID: <{mid}>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain;",
        "\tcharset=\"us-ascii\"",
        "Content-Transfer-Encoding: 7bit",
        "X-Mailer: Microsoft Outlook 16.0",
        f"Thread-Index: AQHdhKNuVz{fake_b64(name, 20)}",
        "Content-Language: en-gb",
    ]
    reason = ("Sorry, we can only manage evenings. Most of our parents work during the day. "
              "Could the forum sometimes meet in the evening instead?")
    emit(name, headers, lines_to_text(lines), text_expected(email, mid, irt, "declined", reason))


text_no()


# 10. html-only-maybe: a phone app that sends HTML only, quoted-printable ---
def html_only():
    name = "html-only-maybe"
    forum = "hollinbrook-parent-carer-forum"
    email, display = "secretary.hollinbrook-pcf@example.org", "Aled Morgan"
    irt = invitation_id(forum)
    date = "Wed, 17 Feb 2027 13:26:05 +0000"
    mid = "0f6d3b2a-77c1-4c9e-9b1d-3e8a5f2c7d10@email.android.com"
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    html = (
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head>"
        "<body><div dir=\"auto\">Maybe - it depends on childcare</div><div dir=\"auto\"><br></div>"
        "<div><br><div class=\"quote\">On 15 Feb 2027 09:00, SEND Participation "
        "Team &lt;participation@example.org&gt; wrote:<br type=\"attribution\"><blockquote class=\"quote\" "
        "style=\"margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex\"><div dir=\"ltr\">"
        + "<br>".join(esc(l) for l in letter_lines(forum)).replace("  ", " &nbsp;")
        + "</div></blockquote></div><br></div></body></html>\r\n")
    headers = trace(email, "smtp.example.org", "192.0.2.102", date, name) + [
        "MIME-Version: 1.0",
        f"Date: {date}",
    ] + fold_header("Subject", "Re: " + INVITATION_SUBJECT) + [
        f"Message-ID: <{mid}>",
        f"From: {display} <{email}>",
        f"To: {ORGANISER_NAME} <{ORGANISER}>",
        f"In-Reply-To: <{irt}>",
        f"References: <{irt}>",
        "Content-Type: text/html; charset=UTF-8",
        "Content-Transfer-Encoding: quoted-printable",
    ]
    emit(name, headers, qp(html), text_expected(email, mid, irt, "tentative", "it depends on childcare"))


html_only()


# 11. welsh-ie: iPhone Mail, Welsh interface ---------------------------------
def welsh():
    name = "welsh-ie"
    forum = "ty-rhieni-llanfair"
    email, display = "ysgrifennydd.rhieni-llanfair@example.org", "Rhodri Ellis"
    irt = invitation_id(forum)
    date = "Tue, 16 Feb 2027 07:52:13 +0000"
    mid = "3F0C9A2E-7B1D-4E58-A6C3-9D2B8E4F1A07@example.org"
    letter = letter_lines(forum)
    letter[0] = "\ufeff" + letter[0]
    quote = ["> " + l for l in letter]
    text = lines_to_text([
        "Ie, bydda i\u2019n dod.",
        "",
        "Anfonwyd o fy iPhone",
        "",
        f"> Ar 15 Chwef 2027, am 09:00, {ORGANISER_NAME} <{ORGANISER}> ysgrifennodd:",
        "> ",
    ] + quote)
    headers = trace(email, "smtp.example.org", "192.0.2.140", date, name) + [
        "Content-Type: text/plain;",
        "\tcharset=utf-8",
        "Content-Transfer-Encoding: quoted-printable",
        f"From: {display} <{email}>",
        "Mime-Version: 1.0 (1.0)",
        f"Date: {date}",
    ] + fold_header("Subject", "Re: " + INVITATION_SUBJECT) + [
        f"Message-Id: <{mid}>",
        f"References: <{irt}>",
        f"In-Reply-To: <{irt}>",
        f"To: {ORGANISER_NAME} <{ORGANISER}>",
        "X-Mailer: iPhone Mail (21D61)",
    ]
    emit(name, headers, qp(text), text_expected(email, mid, irt, "accepted", "bydda i\u2019n dod."))


welsh()


# 12. auto-reply-rfc3834: Exchange Online automatic reply ------------------
def oof():
    name = "auto-reply-rfc3834"
    forum = "hollinbrook-parent-carer-forum"
    email, display = "coordinator.hollinbrook-pcf@example.org", "Priya Nair"
    irt = invitation_id(forum)
    date = "Mon, 15 Feb 2027 09:00:52 +0000"
    host = "LO2P265MB5311.GBRP265.PROD.OUTLOOK.COM"
    mid = f"LO2P265MB5311{fake_hex(name, 27).upper()}@{host}"
    boundary = f"_000_LO2P265MB5311{fake_hex(name, 27).upper()}LO2P265MB5311GBRP_"
    text = ("Thank you for your email. I am on leave for half term and back on Monday "
            "22 February.\r\n\r\nIf it is urgent, please contact Gemma Rowlands, chair of "
            "Hollinbrook Parent Carer Forum, at hollinbrook-pcf@example.org.\r\n\r\nPriya\r\n")
    html = ("<html>\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=us-ascii\">\r\n"
            "</head>\r\n<body>\r\n<div style=\"font-family: Aptos, Aptos_EmbeddedFont, Aptos_MSFontService, "
            "Calibri, Helvetica, sans-serif; font-size: 12pt;\">Thank you for your email. I am on leave for half "
            "term and back on Monday 22 February.<br><br>If it is urgent, please contact Gemma Rowlands, chair "
            "of Hollinbrook Parent Carer Forum, at hollinbrook-pcf@example.org.<br><br>Priya</div>\r\n"
            "</body>\r\n</html>\r\n")
    headers = [
        "Return-Path: <>",
        "Delivered-To: participation@example.org",
        "Received: from GBR01-LO4-obe.outbound.protection.outlook.com (mail-lo4gbr01on2110.outbound.protection.outlook.com [203.0.113.110])",
        "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)",
        "\t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)",
        "\t(No client certificate requested)",
        f"\tby mx.example.org (Postfix) with ESMTPS id {qid(name)}",
        f"\tfor <participation@example.org>; {date} (GMT)",
        f"From: {display} <{email}>",
        f"To: {ORGANISER_NAME} <{ORGANISER}>",
    ] + fold_header("Subject", "Automatic reply: " + INVITATION_SUBJECT) + fold_header(
        "Thread-Topic", INVITATION_SUBJECT) + [
        f"Thread-Index: AQHdf5Vh{fake_b64(name, 20)}",
        f"Date: {date}",
        f"Message-ID: <{mid}>",
        f"References: <{irt}>",
        f"In-Reply-To: <{irt}>",
        "Auto-Submitted: auto-replied",
        "X-MS-Has-Attach:",
        "X-Auto-Response-Suppress: All",
        f"X-MS-Exchange-Inbox-Rules-Loop: {email}",
        "X-MS-TNEF-Correlator:",
        "Content-Type: multipart/alternative;",
        f"\tboundary=\"{boundary}\"",
        "MIME-Version: 1.0",
    ]
    body = (
        f"--{boundary}{CRLF}"
        f"Content-Type: text/plain; charset=\"us-ascii\"{CRLF}"
        f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}"
        + qp(text) + CRLF +
        f"--{boundary}{CRLF}"
        f"Content-Type: text/html; charset=\"us-ascii\"{CRLF}"
        f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}"
        + qp(html) + CRLF +
        f"--{boundary}--{CRLF}"
    )
    emit(name, headers, body, {"kind": "auto-reply", "from": email, "message_id": mid,
                               "in_reply_to": irt})


oof()


# 13. auto-reply-legacy: an old-style autoresponder ------------------------
def legacy():
    name = "auto-reply-legacy"
    email, display = "marches-rural@example.org", "Beth Halford"
    date = "Mon, 15 Feb 2027 09:01:13 +0000"
    mid = "E1nQ7xK-0004aB-3s@server27.hosting.example.net"
    text = ("No one is checking this mailbox until Monday 22 February, as our volunteers are "
            "taking the half-term week off.\r\n\r\n"
            "If you need help with a school place or an EHC plan before then, please call "
            "the SENDIASS helpline.\r\n\r\n"
            "Beth Halford\r\nMarches Rural SEND Families\r\n")
    headers = [
        "Return-Path: <>",
        "Delivered-To: participation@example.org",
        "Received: from server27.hosting.example.net (server27.hosting.example.net [198.51.100.157])",
        f"\tby mx.example.org (Postfix) with ESMTPS id {qid(name)}",
        f"\tfor <participation@example.org>; {date} (GMT)",
        "Received: from marches-rural by server27.hosting.example.net with local (Exim 4.97.1)",
        f"\tid E1nQ7xK-0004aB-3s",
        f"\tfor participation@example.org; {date}",
        f"X-Autoreply: yes",
        "Precedence: auto_reply",
        f"To: {ORGANISER}",
    ] + fold_header("Subject", "Re: " + INVITATION_SUBJECT) + [
        f"From: {display} <{email}>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        f"Message-Id: <{mid}>",
        f"Date: {date}",
    ]
    emit(name, headers, text, {"kind": "auto-reply", "from": email, "message_id": mid,
                               "in_reply_to": None})


legacy()


# 14. bounce-dsn: Postfix non-delivery report ---------------------------------
def bounce():
    name = "bounce-dsn"
    forum = "chloes-circle"
    failed = "chloes-circle.volunteer@example.org"
    date = "Mon, 15 Feb 2027 09:00:11 +0000"
    queue = "4Fq8Zk2x3Lz9sWn"
    mid = f"20270215090011.{queue}@smtp-out.example.org"
    boundary = f"{queue}.1802660411/smtp-out.example.org"
    inv = invitation_id(forum)
    to_hdr = ", ".join(f"\"{n}\" <{e}>" for n, e in FORUMS[forum][1])
    original_headers = [
        f"Return-Path: <{ORGANISER}>",
        "Received: from convene.example.org (convene.example.org [192.0.2.10])",
        f"\tby smtp-out.example.org (Postfix) with ESMTP id {queue}",
        f"\tfor <{failed}>; Mon, 15 Feb 2027 09:00:08 +0000 (GMT)",
        f"From: \"{ORGANISER_NAME}\" <{ORGANISER}>",
        f"Reply-To: \"{ORGANISER_NAME}\" <{ORGANISER}>",
        "To: \"Founder (Nadia Laurent)\" <chloes-circle@example.org>,",
        " \"Volunteer (Ruth Mensah)\" <chloes-circle.volunteer@example.org>",
        f"Subject: Invitation: {TITLE}, Tue 9 March, 10:00,",
        f" {VENUE_NAME}",
        f"Date: {INVITATION_DATE}",
        f"Message-ID: <{inv}>",
        "MIME-Version: 1.0",
        f"Content-Type: multipart/alternative; boundary=\"=_{inv.split('.')[0]}\"",
        "Auto-Submitted: auto-generated",
        "X-Convene-Kind: invitation",
        f"X-Convene-Occurrence: {UID}",
    ]
    headers = [
        "Return-Path: <>",
        "Delivered-To: participation@example.org",
        "Received: from smtp-out.example.org (smtp-out.example.org [192.0.2.20])",
        f"\tby mx.example.org (Postfix) with ESMTPS id {qid(name)}",
        f"\tfor <participation@example.org>; {date} (GMT)",
        f"Received: by smtp-out.example.org (Postfix)",
        f"\tid 4Fq8Zm0Bc1z9sWp; {date} (GMT)",
        f"Date: {date} (GMT)",
        "From: MAILER-DAEMON@smtp-out.example.org (Mail Delivery System)",
        "Subject: Undelivered Mail Returned to Sender",
        f"To: {ORGANISER}",
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        "Content-Type: multipart/report; report-type=delivery-status;",
        f"\tboundary=\"{boundary}\"",
        "Content-Transfer-Encoding: 8bit",
        f"Message-Id: <{mid}>",
    ]
    notification = [
        "This is the mail system at host smtp-out.example.org.",
        "",
        "I'm sorry to have to inform you that your message could not",
        "be delivered to one or more recipients. It's attached below.",
        "",
        "For further assistance, please send mail to postmaster.",
        "",
        "If you do so, please include this problem report. You can",
        "delete your own text from the attached returned message.",
        "",
        "                   The mail system",
        "",
        f"<{failed}>: host mail.example.org[192.0.2.25] said:",
        f"    550 5.1.1 <{failed}>: Recipient address",
        "    rejected: User unknown in virtual mailbox table (in reply to RCPT TO",
        "    command)",
    ]
    report = [
        "Reporting-MTA: dns; smtp-out.example.org",
        f"X-Postfix-Queue-ID: {queue}",
        f"X-Postfix-Sender: rfc822; {ORGANISER}",
        "Arrival-Date: Mon, 15 Feb 2027 09:00:08 +0000 (GMT)",
        "",
        f"Final-Recipient: rfc822; {failed}",
        f"Original-Recipient: rfc822;{failed}",
        "Action: failed",
        "Status: 5.1.1",
        "Remote-MTA: dns; mail.example.org",
        f"Diagnostic-Code: smtp; 550 5.1.1 <{failed}>: Recipient address",
        "    rejected: User unknown in virtual mailbox table",
    ]
    body = (
        "This is a MIME-encapsulated message." + CRLF + CRLF +
        f"--{boundary}{CRLF}"
        f"Content-Description: Notification{CRLF}"
        f"Content-Type: text/plain; charset=us-ascii{CRLF}{CRLF}"
        + lines_to_text(notification) + CRLF +
        f"--{boundary}{CRLF}"
        f"Content-Description: Delivery report{CRLF}"
        f"Content-Type: message/delivery-status{CRLF}{CRLF}"
        + lines_to_text(report) + CRLF +
        f"--{boundary}{CRLF}"
        f"Content-Description: Undelivered Message Headers{CRLF}"
        f"Content-Type: text/rfc822-headers{CRLF}{CRLF}"
        + lines_to_text(original_headers) + CRLF +
        f"--{boundary}--{CRLF}"
    )
    emit(name, headers, body, {"kind": "bounce", "from": "mailer-daemon@smtp-out.example.org",
                               "message_id": mid, "in_reply_to": None, "bounced": [failed]})


bounce()


# 15. question: Thunderbird, ordinary reply (format=flowed) -----------------
def question():
    name = "question"
    forum = "severnside-parent-carer-forum"
    email, display = "secretary.severnside-pcf@example.org", "Mark Ellison"
    irt = invitation_id(forum)
    date = "Thu, 18 Feb 2027 20:19:44 +0000"
    mid = "a81c5f0e-2d7b-4f39-9e64-0b3c8d1f72a5@example.org"
    quote = [">" if not l else "> " + l for l in letter_lines(forum)]
    text = lines_to_text([
        "Is there parking near County Hall? My son uses a wheelchair.",
        "",
        "Mark",
        "",
        "On 15/02/2027 09:00, SEND Participation Team wrote:",
    ] + quote)
    headers = trace(email, "smtp.example.org", "192.0.2.71", date, name) + [
        f"Message-ID: <{mid}>",
        f"Date: {date}",
        "MIME-Version: 1.0",
        "User-Agent: Mozilla Thunderbird",
    ] + fold_header("Subject", "Re: " + INVITATION_SUBJECT) + [
        f"To: {ORGANISER_NAME} <{ORGANISER}>",
        f"References: <{irt}>",
        "Content-Language: en-GB",
        f"From: {display} <{email}>",
        f"In-Reply-To: <{irt}>",
        "Content-Type: text/plain; charset=UTF-8; format=flowed",
        "Content-Transfer-Encoding: 7bit",
    ]
    emit(name, headers, text, {"kind": "other", "from": email, "message_id": mid,
                               "in_reply_to": irt})


question()


# ==========================================================================
os.makedirs(OUT, exist_ok=True)
for name, data in FILES.items():
    with open(os.path.join(OUT, name + ".eml"), "wb") as f:
        f.write(data)
with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8", newline="\n") as f:
    json.dump(EXPECTED, f, indent=2, ensure_ascii=False, sort_keys=True)
    f.write("\n")
print(f"wrote {len(FILES)} messages; icalendar {ICALENDAR_VERSION}")
