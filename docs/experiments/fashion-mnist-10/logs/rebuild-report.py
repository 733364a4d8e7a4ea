# Provenance of ../report.json: the device runs of the threshold and random strategies were
# killed by the time limit before their last round (see the *.log files), so their per-round
# rows were turned back into report.json runs (flagged reconstructedFromLog) and merged with the
# complete full-supervision reports by `medlabel merge-reports`.
# Rebuilds a report.json from a killed run's per-round log rows (rounds it finished).
# Fields the log does not hold are null. Usage: log2report.py TEMPLATE_REPORT LOG OUT_JSON
import json, sys
tpl = json.load(open(sys.argv[1]))
rounds, strategy, seed = [], None, None
batch = tpl['sizes']['batch']
prev_human = None
for line in open(sys.argv[2]):
    p = line.rstrip('\n').split('\t')
    if len(p) < 12 or p[0] not in ('threshold', 'random'): continue
    strategy, seed = p[0], int(p[1])
    pct = lambda s: None if s == '-' else float(s.rstrip('%')) / 100
    ece = p[10].split('>')
    human = int(p[4]); k = int(p[2])
    skipped = 0 if k == 0 or strategy == 'threshold' else batch - (human - prev_human)
    prev_human = human
    rounds.append({'round': k, 'trainingSize': int(p[3]), 'humanLabels': human, 'autoAccepted': int(p[5]),
        'autoAcceptedWrong': int(p[6]), 'humanCorrected': None, 'audited': 0, 'auditedWrong': 0,
        'skipped': skipped, 'manualShare': pct(p[7]),
        'threshold': tpl['strategyParams']['threshold'] if strategy == 'threshold' and k > 0 else None,
        'validationAccuracy': pct(p[8]), 'testAccuracy': pct(p[9]), 'eceRaw': float(ece[0]),
        'eceCalibrated': float(ece[1]), 'calibration': [], 'agreement': None, 'seconds': float(p[11]),
        'stoppedBy': None})
out = {k: v for k, v in tpl.items() if k != 'summary'}
out['runs'] = [{'strategy': strategy, 'seed': seed, 'rounds': rounds, 'reconstructedFromLog': True}]
out['fullSupervision'] = []
json.dump(out, open(sys.argv[3], 'w'), indent=2)
