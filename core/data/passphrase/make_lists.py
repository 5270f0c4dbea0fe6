#!/usr/bin/env python3
"""make_lists.py -- how the files in this folder were made (run once, by hand;
the build does not run it).  Needs Debian's python3-zxcvbn (MIT) and diceware
(the EFF large word list, CC-BY 3.0) packages.

  ranked.txt   "word rank" per line, sorted by word (bytewise), lowercase
               [a-z0-9] only: the common passwords, English words and names
               the strength estimate looks substrings up in (rank 1 = most
               common).  From zxcvbn's frequency lists (LICENSE-zxcvbn.txt).
  eff_large.txt  the EFF large word list (7776 words; LICENSE-eff.txt),
               hyphenated words dropped, the words a suggested passphrase is
               drawn from.
"""
import re, sys
sys.path.insert(0, '/usr/lib/python3/dist-packages')
from zxcvbn.frequency_lists import FREQUENCY_LISTS as F

TAKE = {'passwords': 10000, 'english_wikipedia': 15000, 'us_tv_and_film': 8000,
        'female_names': 1500, 'male_names': 800, 'surnames': 3000}
ok = re.compile(r'^[a-z0-9]{2,24}$')
rank = {}
for name, n in TAKE.items():
    for r, w in enumerate(F[name][:n], 1):
        w = w.lower()
        if ok.match(w) and (w not in rank or rank[w] > r):
            rank[w] = r
with open('ranked.txt', 'w') as f:
    for w in sorted(rank, key=lambda s: s.encode()):
        f.write('%s %d\n' % (w, rank[w]))

words = []
for line in open('/usr/lib/python3/dist-packages/diceware/wordlists/wordlist_en_eff.txt'):
    w = line.split()[-1]
    if re.match(r'^[a-z]+$', w):
        words.append(w)
with open('eff_large.txt', 'w') as f:
    f.write('\n'.join(words) + '\n')
