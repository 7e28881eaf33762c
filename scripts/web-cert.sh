#!/usr/bin/env bash
# The https certificate scripts/web.sh serves the browser build with (docs/web.md, "Serving to
# a tablet"): a service worker and installing need a secure context, and a tablet on the LAN
# reaches this machine by an address, not by localhost.
#   scripts/web-cert.sh DIR NAME...     NAME: a host name or an IPv4 address the site is served at
#
# Made with openssl, in two steps, so that what a tablet is asked to trust can vouch for
# nothing else:
#   - a certificate authority of its own, "Stipple on HOST", whose certificate carries name
#     constraints (critical): it may only vouch for the NAMEs given (each DNS name and its
#     subdomains, each address alone), with a path length of 0. Its key signs once and is
#     deleted at once: nobody, not even whoever later reads DIR, can sign another certificate
#     with it. DIR/stipple-cert.crt is its certificate (DER), what the tablet installs.
#   - the server's certificate, signed by it: the NAMEs as subject alternative names, serverAuth
#     as its extended key usage and 825 days (what iPadOS and Android require of a certificate
#     a person installed), not a CA. DIR/cert.pem (it and the CA's, the chain), DIR/key.pem
#     (mode 600).
# DIR/names.txt lists the NAMEs it was made for; web.sh makes a new one when they change (the
# tablet then trusts the new one as it did the first). Every file is written beside its place
# and renamed into it.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: scripts/web-cert.sh DIR NAME..." >&2; exit 2; }
dir="$1"; shift
command -v openssl >/dev/null 2>&1 || { echo "web-cert: openssl is missing (scripts/deps.sh --web installs it)" >&2; exit 1; }

san="" nc="" names=()
for n in "$@"; do
  if [[ "$n" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]]; then
    san="$san,IP:$n"; nc="$nc,permitted;IP:$n/255.255.255.255"; names+=("$n")
  elif [[ "$n" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$ ]]; then
    san="$san,DNS:$n"; nc="$nc,permitted;DNS:$n"; names+=("$n")
  else   # (a host name with "_", say: no certificate can name it) the others still serve
    echo "web-cert: left out, not a host name or an IPv4 address: '$n'" >&2
  fi
done
[ ${#names[@]} -gt 0 ] || { echo "web-cert: no name to make a certificate for" >&2; exit 2; }
san="${san#,}" nc="${nc#,}"

mkdir -p "$dir"
rm -rf "$dir"/.cert.*   # a run killed before its trap (SIGKILL) left its folder, the authority's key in it
work="$(mktemp -d "$dir/.cert.XXXXXX")"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP   # through the EXIT trap: the authority's key never stays
chmod 700 "$work"
host="$(hostname 2>/dev/null || echo this machine)"
q() { openssl "$@" >"$work/openssl.log" 2>&1 || { echo "web-cert: openssl $1 failed:" >&2; cat "$work/openssl.log" >&2; exit 1; }; }

# The authority: its key lives only in $work, removed on exit.
q req -x509 -newkey rsa:2048 -nodes -sha256 -days 825 -subj "/CN=Stipple on $host (local network only)" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -addext "nameConstraints=critical,$nc" \
  -keyout "$work/ca.key" -out "$work/ca.pem"
# The server's key and certificate.
q req -newkey rsa:2048 -nodes -sha256 -subj "/CN=Stipple on $host" -keyout "$work/key.pem" -out "$work/server.csr"
cat >"$work/server.ext" <<EOF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=$san
EOF
q x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -sha256 -days 825 \
  -extfile "$work/server.ext" -out "$work/server.pem"
rm -f "$work/ca.key"
cat "$work/server.pem" "$work/ca.pem" >"$work/cert.pem"
q x509 -in "$work/ca.pem" -outform der -out "$work/stipple-cert.crt"
printf '%s\n' "${names[@]}" >"$work/names.txt"
chmod 600 "$work/key.pem"
chmod 644 "$work/cert.pem" "$work/stipple-cert.crt" "$work/names.txt"
rm -f "$dir/names.txt"   # first: a run cut short leaves no record, so the next makes all again
for f in key.pem cert.pem stipple-cert.crt names.txt; do
  sync "$work/$f" 2>/dev/null || true
  mv -f "$work/$f" "$dir/$f"
done
rm -f "$dir/san.txt"   # the one-step certificate's record (before this script)
