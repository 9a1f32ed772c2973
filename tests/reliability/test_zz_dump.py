import json
def test_dump(hostile):
    print("\nPEAK", hostile.peak_rss_kb, "seconds", hostile.result["seconds"])
    for c in hostile.result["cities"]:
        print(json.dumps(c, ensure_ascii=False))
    for name in hostile.world.cities:
        print("=====", name, hostile.world[name].server.paths()[:40], "aborted", hostile.world[name].server.aborted)
        for r in hostile.records(name):
            if r["kind"] != "page":
                print("  ", json.dumps(r, ensure_ascii=False)[:400])
            else:
                print("   page", r["url"], r["status"], [d["rule_id"] for d in r.get("detections") or []], [d["snippet"][:120] for d in r.get("detections") or []])
        rows = hostile.rows(name)
        for pid in ("verwaltung.payment.epayment", "verwaltung.online_terminvergabe.buergeramt", "verwaltung.bevoelkerungsanliegen.maengelmelder", "gesellschaft.open_data.verfuegbarkeit", "gesellschaft.geodaten.interaktiver_stadtplan", "gesellschaft.beteiligung.buergerbeteiligung_online", "verwaltung.website.nutzungsfreundlichkeit"):
            if pid in rows.index:
                print("   ROW", pid, rows.loc[pid, "status"], rows.loc[pid, "value"], rows.loc[pid, "raw"][:300])
        try:
            for p in hostile.probes(name):
                print("   PROBE", json.dumps(p, ensure_ascii=False)[:600])
        except FileNotFoundError:
            pass
    print("GUARD", hostile.guard_events())
    print("FREMD", hostile.world.fremd.paths())
