import email, sys
from email import policy
for f in sys.argv[1:]:
    raw=open(f,'rb').read()
    m=email.message_from_bytes(raw, policy=policy.default)
    print('=====', f)
    for k in ['From','To','Subject','Message-ID','In-Reply-To','Date','Auto-Submitted']:
        if m[k] is not None: print(f'{k}: {m[k]}')
    for p in m.walk():
        print('--', p.get_content_type(), dict(p.get_params() or []), p.get('Content-Transfer-Encoding'), p.get_content_disposition())
        if not p.is_multipart() and p.get_content_maintype()!='message':
            try: t=p.get_payload(decode=True).decode('utf-8')
            except Exception as e: t=str(e)
            print(t[:3000])
