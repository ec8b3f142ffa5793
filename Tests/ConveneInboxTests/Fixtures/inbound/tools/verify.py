"""Independent reading of the fixtures (python email + icalendar) checked against expected.json."""
import email, json, os, re, sys, html
from email import policy
from email.utils import parseaddr
import icalendar

D = sys.argv[1]
exp = json.load(open(os.path.join(D, 'expected.json')))
names = sorted(f[:-4] for f in os.listdir(D) if f.endswith('.eml'))
assert names == sorted(exp), (names, sorted(exp))

def bare(v):
    return v.strip().strip('<>') if v else None

STOP = re.compile(r'^(-- ?$|>|-----Original Message-----|From: |Sent from my |Anfonwyd o fy |On .* wrote:$|Ar .* ysgrifennodd:$)')
KEY = re.compile(r'^(yes|no|maybe|ie)\b[\s,.\-–—!:;]*(.*)$', re.I)
ANS = {'yes': 'accepted', 'ie': 'accepted', 'no': 'declined', 'maybe': 'tentative'}

def html_to_text(h):
    h = re.sub(r'(?is)<(head|style|blockquote).*?</\1>', '\n', h)
    h = re.sub(r'(?i)<br[^>]*>|</div>|</p>', '\n', h)
    h = re.sub(r'<[^>]+>', '', h)
    return html.unescape(h)

def text_reading(m):
    part = None
    for p in m.walk():
        if p.get_content_type() == 'text/plain': part = p; break
    if part is None:
        for p in m.walk():
            if p.get_content_type() == 'text/html': part = p; break
    t = part.get_content()
    if part.get_content_type() == 'text/html': t = html_to_text(t)
    lines = [l.rstrip('\r').lstrip('\ufeff') for l in t.split('\n')]
    while lines and not lines[0].strip(): lines.pop(0)
    k = KEY.match(lines[0].strip())
    answer = ANS[k.group(1).lower()]
    words = [k.group(2).strip()] if k.group(2).strip() else []
    for l in lines[1:]:
        if STOP.match(l): break
        if l.strip(): words.append(l.strip())
    return answer, (' '.join(words) or None)

def cal_reading(m):
    for p in m.walk():
        if p.get_content_type() == 'text/calendar':
            cal = icalendar.Calendar.from_ical(p.get_payload(decode=True))
            assert str(cal['METHOD']).upper() == 'REPLY'
            ev = [c for c in cal.walk('VEVENT')][0]
            att = ev['ATTENDEE']
            assert not isinstance(att, list)
            reason = None
            if 'COMMENT' in ev: reason = str(ev['COMMENT']).strip()
            elif 'X-RESPONSE-COMMENT' in att.params:
                reason = html.unescape(att.params['X-RESPONSE-COMMENT'].replace('\\;', ';'))
            return dict(uid=str(ev['UID']), sequence=int(ev['SEQUENCE']),
                        attendee=re.sub('(?i)^mailto:', '', str(att)).lower(),
                        answer=str(att.params['PARTSTAT']).lower(), reason=reason)

ok = True
for n in names:
    raw = open(os.path.join(D, n + '.eml'), 'rb').read()
    m = email.message_from_bytes(raw, policy=policy.default)
    e = exp[n]
    got = {'from': parseaddr(str(m['From']))[1].lower(), 'message_id': bare(m['Message-ID']),
           'in_reply_to': bare(m['In-Reply-To'])}
    if e['kind'] == 'calendar-reply': got.update(cal_reading(m))
    if e['kind'] == 'text-reply':
        a, r = text_reading(m); got.update(answer=a, reason=r)
    if e['kind'] == 'bounce':
        ds = [p for p in m.walk() if p.get_content_type() == 'message/delivery-status'][0]
        got['bounced'] = [str(h['Final-Recipient']).split(';')[1].strip() for h in ds.get_payload() if h['Action'] == 'failed']
    for k, v in got.items():
        if e.get(k, '<missing>') != v:
            ok = False; print(f'{n}: {k}: expected {e.get(k)!r} got {v!r}')
    print(f'{n:36} {e["kind"]:15} ok' )
print('ALL OK' if ok else 'MISMATCH')
