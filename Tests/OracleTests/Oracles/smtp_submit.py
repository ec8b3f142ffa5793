"""A forum's mail provider passing a message on: reads an RFC 5322 message on stdin and
submits it over SMTP to HOST:PORT with the given envelope sender and recipient, as a
phone's provider delivers to the council's MX. Prints the server's answer to DATA.

    smtp_submit.py HOST PORT SENDER RECIPIENT < message.eml
"""
import smtplib
import sys


def main():
    host, port, sender, recipient = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    message = sys.stdin.buffer.read()
    with smtplib.SMTP(host, port, timeout=30) as server:
        server.ehlo("provider.example.net")
        refused = server.sendmail(sender, [recipient], message)
        if refused:
            sys.exit(f"refused: {refused}")
        print(server.noop())


main()
