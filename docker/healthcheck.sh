#!/bin/bash
# The image's health check: healthy when the member's readiness probe answers 200 (ready for
# traffic; 503 while it starts or drains). bash's /dev/tcp, so the image needs neither curl nor wget.
exec 3<>"/dev/tcp/127.0.0.1/${SERVER_PORT:-8080}" || exit 1
printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 3 status <&3 || exit 1
[[ $status == HTTP/1.?\ 200* ]]
