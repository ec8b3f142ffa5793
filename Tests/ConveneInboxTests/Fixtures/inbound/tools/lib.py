"""Helpers for writing the inbound fixtures byte for byte (CRLF everywhere)."""
import base64
import hashlib
import textwrap

CRLF = "\r\n"

# --------------------------------------------------------------------------
# Facts from the shipped configuration (config/convened.toml, forums/, meetings/)
# --------------------------------------------------------------------------
ORGANISER_NAME = "SEND Participation Team"
ORGANISER = "participation@example.org"
ORGANISATION = "Example County Council Children's Services"
UID = "stakeholder-forum-20270309@example.org"
TITLE = "Parent/Carer Stakeholder Forum"
SERIES_DESCRIPTION = (
    "Our monthly meeting where parents and carers from every forum work with "
    "children's services on how SEND services are planned, run and improved."
)
VENUE_NAME = "County Hall, Council Chamber"
VENUE_ADDRESS = "Shire Street, Wyreford"
ACCESSIBILITY = (
    "Level entrance from the front car park (six Blue Badge bays); lift to all "
    "floors; hearing loop and live captions on the screen in the Council Chamber; "
    "accessible toilet and a quiet room next to the chamber."
)
ONLINE = "https://meet.example.org/stakeholder-forum"
LOCATION = f"{VENUE_NAME}, {VENUE_ADDRESS}"
INVITATION_SUBJECT = f"Invitation: {TITLE}, Tue 9 March, 10:00, {VENUE_NAME}"
INVITATION_DATE = "Mon, 15 Feb 2027 09:00:07 +0000"
INVITATION_DTSTAMP = "20270215T090007Z"

FORUMS = {
    "chloes-circle": ("Chloé's Circle", [
        ("Founder (Nadia Laurent)", "chloes-circle@example.org"),
        ("Volunteer (Ruth Mensah)", "chloes-circle.volunteer@example.org")], True),
    "severnside-parent-carer-forum": ("Severnside Parent Carer Forum", [
        ("Chair (Rachel Osei)", "chair.severnside-pcf@example.org"),
        ("Secretary (Mark Ellison)", "secretary.severnside-pcf@example.org"),
        ("Coordinator (Lucy Tran)", "severnside-pcf@example.org")], False),
    "kingsmere-parent-carer-forum": ("Kingsmere Parent Carer Forum", [
        ("Chair (Sarah Whitcombe)", "kingsmere-pcf@example.org"),
        ("Treasurer (Imran Qureshi)", "treasurer.kingsmere-pcf@example.org")], False),
    "deaf-childrens-network": ("Deaf Children's Network", [
        ("Network coordinator (Amira Haddad)", "deaf-network@example.org"),
        ("Deputy coordinator (Ben Fairclough)", "deaf-network.deputy@example.org")], False),
    "hollinbrook-parent-carer-forum": ("Hollinbrook Parent Carer Forum", [
        ("Chair (Gemma Rowlands)", "hollinbrook-pcf@example.org"),
        ("Secretary (Aled Morgan)", "secretary.hollinbrook-pcf@example.org"),
        ("Coordinator (Priya Nair)", "coordinator.hollinbrook-pcf@example.org")], False),
    "hollinbrook-send-parents": ("Hollinbrook SEND Parents", [
        ("Secretary (Nicola Hartley)", "hollinbrook-send@example.org")], False),
    "wyreford-send-parents": ("Wyreford SEND Parents", [
        ("Forum coordinator (Helen Barker)", "wyreford-send-parents@example.org"),
        ("Chair (Tom Okafor)", "chair.wyreford-send@example.org")], False),
    "cottesby-send-parents": ("Cottesby SEND Parents", [
        ("Secretary (Louise Grant)", "cottesby-send@example.org"),
        ("Chair (Femi Adeyemi)", "chair.cottesby-send@example.org")], True),
    "marches-rural-families": ("Marches Rural SEND Families", [
        ("Coordinator (Beth Halford)", "marches-rural@example.org")], True),
    "ty-rhieni-llanfair": ("Tŷ Rhieni Llanfair", [
        ("Cadeirydd / Chair (Siân Pritchard)", "rhieni-llanfair@example.org"),
        ("Ysgrifennydd / Secretary (Rhodri Ellis)", "ysgrifennydd.rhieni-llanfair@example.org")], False),
    "autism-family-support-kingsmere": ("Autism Family Support Kingsmere", [
        ("Group lead (Emma Castellano)", "autism-kingsmere@example.org")], False),
}


def invitation_id(forum):
    """Notification.identifier + MessageRenderer.messageID, for the invitation."""
    h = 0xCBF29CE484222325
    for b in f"{UID}\x1finvitation\x1f0\x1f\x1f{forum}".encode():
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"invitation-{h:016x}.{forum}@example.org"


def letter_lines(forum):
    """ParentLetter.lines for the stakeholder-forum invitation (72 columns)."""
    name, _contacts, outside = FORUMS[forum]

    def wrap(text, lead=""):
        return textwrap.wrap(text, width=72, initial_indent=lead,
                             subsequent_indent=" " * len(lead),
                             break_long_words=False, break_on_hyphens=False)

    lines = [f"Dear {name},", ""]
    lines += wrap(f"You are warmly invited to the {TITLE}.")
    lines.append("")
    lines += wrap("Tuesday 9 March 2027, 10:00 to 12:00", "When:    ")
    lines += wrap(VENUE_NAME, "Where:   ")
    lines += wrap(VENUE_ADDRESS, "         ")
    lines += wrap("Step-free access throughout. " + ACCESSIBILITY, "Access:  ")
    lines += wrap(f"You can also join at {ONLINE}", "Online:  ")
    if outside:
        lines.append("")
        lines += wrap("We know this time is outside the hours your forum usually meets. "
                      "If that makes it hard to take part, please let us know.")
    lines.append("")
    lines += wrap(SERIES_DESCRIPTION)
    lines.append("")
    lines += wrap("Please share this with the parents and carers in your forum. The meeting "
                  "is attached as a calendar invitation, so you can add it to your calendar.")
    lines.append("")
    lines += wrap("Can you come? Please let us know. Use your calendar's Yes, No or Maybe "
                  "buttons, or reply to this email with YES, NO or MAYBE on the first line. "
                  "If you cannot come, please tell us why. It helps us find times that suit "
                  "more families.")
    lines.append("")
    lines += wrap("If you have any questions, or if anything would make it easier for you "
                  "to take part, please get in touch:")
    lines += wrap(f"{ORGANISER_NAME}, {ORGANISER}")
    lines += ["", "With best wishes,", ORGANISER_NAME, ORGANISATION]
    return lines


def event_description():
    return "\n".join([
        SERIES_DESCRIPTION,
        f"Where: {LOCATION}",
        "Access: Step-free access throughout. " + ACCESSIBILITY,
        f"Online: {ONLINE}",
        f"Questions: {ORGANISER_NAME}, {ORGANISER}",
    ])


# --------------------------------------------------------------------------
# iCalendar
# --------------------------------------------------------------------------
def ical_escape(text):
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line, limit=75):
    """Fold one content line at `limit` octets (continuations start with a space
    that counts towards the limit), never inside a UTF-8 sequence."""
    data = line.encode("utf-8")
    out = []
    first = True
    while True:
        room = limit if first else limit - 1
        if len(data) <= room:
            out.append(data)
            break
        cut = room
        while cut > 0 and (data[cut] & 0xC0) == 0x80:
            cut -= 1
        out.append(data[:cut])
        data = data[cut:]
        first = False
    return (b"\r\n ".join(out)).decode("utf-8")


def ical(lines, limit=75):
    """Join logical lines, folded, CRLF after every line (the last included)."""
    return "".join(fold(l, limit) + CRLF for l in lines)


# --------------------------------------------------------------------------
# Transfer encodings
# --------------------------------------------------------------------------
def b64(data, width=76):
    if isinstance(data, str):
        data = data.encode("utf-8")
    s = base64.b64encode(data).decode("ascii")
    return CRLF.join(s[i:i + width] for i in range(0, len(s), width)) + CRLF


def qp(text, width=76):
    """RFC 2045 quoted-printable of UTF-8 text whose hard line breaks are CRLF.
    Soft line breaks (=CRLF) keep every encoded line at most `width` octets."""
    if isinstance(text, str):
        text = text.encode("utf-8")
    assert b"\n" not in text.replace(b"\r\n", b"")
    lines = text.split(b"\r\n")
    trailing = lines and lines[-1] == b""
    if trailing:
        lines = lines[:-1]
    out_lines = []
    for raw in lines:
        tokens = []
        for i, byte in enumerate(raw):
            c = bytes([byte])
            last = i == len(raw) - 1
            if byte == 0x3D or byte > 126 or (byte < 32 and byte != 9) or (last and byte in (9, 32)):
                tokens.append("=%02X" % byte)
            else:
                tokens.append(c.decode("ascii"))
        cur = ""
        for t in tokens:
            if len(cur) + len(t) > width - 1:
                out_lines.append(cur + "=")
                cur = ""
            cur += t
        out_lines.append(cur)
    return CRLF.join(out_lines) + (CRLF if trailing else "")


def lines_to_text(lines):
    return "".join(l + CRLF for l in lines)


def finish(message):
    """Check the bytes are what the brief asks for and return them."""
    data = message.encode("utf-8") if isinstance(message, str) else message
    assert b"\n" not in data.replace(b"\r\n", b""), "bare LF"
    assert b"\r" not in data.replace(b"\r\n", b""), "bare CR"
    assert data.endswith(b"\r\n")
    for line in data.split(b"\r\n"):
        assert len(line) <= 998, line[:80]
    return data


def fake_hex(seed, n):
    return hashlib.sha256(seed.encode()).hexdigest()[:n]


def fake_b64(seed, n):
    return base64.b64encode(hashlib.sha256(seed.encode()).digest() * 2).decode()[:n]


def fold_header(name, value, limit=78):
    """Fold a header at spaces (CRLF inserted before a space), RFC 5322 2.2.3."""
    words = value.split(" ")
    lines, cur = [], f"{name}: {words[0]}"
    for w in words[1:]:
        if len(cur) + 1 + len(w) > limit:
            lines.append(cur)
            cur = " " + w
        else:
            cur += " " + w
    lines.append(cur)
    return lines
