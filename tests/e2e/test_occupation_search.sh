# occupation search puts the right occupation first for the job titles people type most,
# with typos, British spellings and words written apart. One case a line: query | SOC code.
. "$(dirname "$0")/lib.sh"
cases=0
while IFS='|' read -r query want; do
	query=$(echo "$query" | sed 's/ *$//')
	want=$(echo "$want" | tr -d ' ')
	[ -z "$query" ] && continue
	# shellcheck disable=SC2086 # the words of the query are separate arguments, as a person types them
	run 0 occupation search $query || continue
	got=$(head -1 <<<"$OUT" | cut -d' ' -f1)
	[ "$got" = "$want" ] && pass || fail "search '$query': first is '$(head -1 <<<"$OUT")', want $want"
	cases=$((cases + 1))
done <<'TABLE'
nurse                      | 29-1141
registered nurse           | 29-1141
registred nurse            | 29-1141
teacher                    | 25-2021
secondary school teacher   | 25-2031
software developer         | 15-1252
software engineer          | 15-1252
progammer                  | 15-1251
accountant                 | 13-2011
acountant                  | 13-2011
bookkeeper                 | 43-3031
book keeper                | 43-3031
cashier                    | 41-2011
shop assistant             | 41-2031
sales representative       | 41-4012
truck driver               | 53-3032
lorry driver               | 53-3032
delivery driver            | 53-3033
forklift driver            | 53-7051
fork lift driver           | 53-7051
warehouse worker           | 53-7062
electrician                | 47-2111
electritian                | 47-2111
plumer                     | 47-2152
carpenter                  | 47-2031
labourer                   | 47-2061
builder                    | 47-2061
mechanic                   | 49-3023
receptionist               | 43-4171
recieptionist              | 43-4171
secretary                  | 43-6014
secetary                   | 43-6014
data entry clerk           | 43-9021
customer service           | 43-4051
call centre agent          | 43-4051
waitress                   | 35-3031
chef                       | 35-1011
cleaner                    | 37-2011
care worker                | 31-1122
hairdresser                | 39-5012
police officer             | 33-3051
security guard             | 33-9032
lawyer                     | 23-1011
solicitor                  | 23-1011
paediatrician              | 29-1221
physiotherapist            | 29-1123
orthopaedic surgeon        | 29-1242
counsellor                 | 21-1018
tyre fitter                | 49-3093
jeweller                   | 51-9071
draughtsman                | 17-3011
event organiser            | 13-1121
estate agent               | 41-9022
project manager            | 13-1082
graphic designer           | 27-1024
web developer              | 15-1254
data scientist             | 15-2051
43-9021                    | 43-9021
TABLE
[ "$cases" -ge 25 ] && pass || fail "only $cases search cases ran"
finish
