// The report page's CSS: system fonts, no web fonts (the page makes no requests), one column on
// a phone, charts and tiles that shrink with the window.
export const PAGE_CSS = `
:root{--ink:#222;--muted:#666;--line:#e3e3e3;--blue:#2166ac;--red:#c0392b;--train:#1f77b4;--test:#ff7f0e}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:var(--ink);background:#fafafa}
header,main{max-width:1180px;margin:0 auto;padding:0 16px}
header{padding-top:18px}
h1{font-size:1.5em;margin:.2em 0 .4em}
h2{font-size:1.2em;margin:0 0 .6em}h3{font-size:1em;margin:1em 0 .4em}
nav{display:flex;flex-wrap:wrap;gap:4px 14px;margin-bottom:12px}nav a{color:var(--blue);text-decoration:none}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px;margin:14px 0}
.note{color:var(--muted);font-size:.9em;margin:.4em 0}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:130px}
.card .k{color:var(--muted);font-size:.85em}.card .v{font-size:1.25em;font-weight:600;font-variant-numeric:tabular-nums}
.card.main .v{font-size:1.7em;color:var(--blue)}
.toggles{margin-bottom:8px}.toggles label{margin-right:12px;cursor:pointer}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:12px}
.svg-box svg{width:100%;height:auto;display:block;touch-action:pan-y}
.svg-box.narrow{max-width:720px}
.readout{min-height:2.6em;margin-top:8px;padding:6px 10px;background:#f4f7fb;border-radius:6px;font-variant-numeric:tabular-nums;display:flex;flex-wrap:wrap;gap:2px 16px;align-items:baseline}
.readout .label{color:var(--muted)}
body.hide-train .readout .is-train,body.hide-test .readout .is-test{display:none}
.draw-row{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
#pad{width:280px;height:280px;max-width:80vw;max-height:80vw;border:2px solid #999;border-radius:6px;touch-action:none;cursor:crosshair;background:#fff}
#framed{width:112px;height:112px;image-rendering:pixelated;border:1px solid #ccc}
.framed-box .k,.probs-box .k{color:var(--muted);font-size:.85em;margin:4px 0}
.prediction{font-size:3em;font-weight:700;line-height:1;color:var(--blue)}
button{font:inherit;padding:4px 14px;margin-top:6px;border:1px solid #999;border-radius:5px;background:#fff;cursor:pointer}
.probs{min-width:220px}
.prob{display:grid;grid-template-columns:1.2em 1fr 4em;gap:6px;align-items:center;font-variant-numeric:tabular-nums;font-size:.9em}
.prob .track{background:#eee;height:.8em;border-radius:2px;overflow:hidden}.prob .fill{display:block;height:100%;background:#9bb8d6}
.prob.best .fill{background:var(--blue)}.prob.best{font-weight:600}.prob.truth .digit{color:#2a8a2a;font-weight:700}
.prob .pct{text-align:right}
.fired{display:flex;flex-wrap:wrap;gap:8px}
.fired figure,.thumb{margin:0;text-align:center;cursor:pointer}
.fired canvas{width:56px;height:56px;image-rendering:pixelated;border:1px solid #ccc}
.fired figcaption,.thumb figcaption{font-size:.75em;color:var(--muted);font-variant-numeric:tabular-nums}
.thumb figcaption.wrong{color:var(--red)}
.thumbs{display:flex;flex-wrap:wrap;gap:6px}
.thumb canvas{width:42px;height:42px;image-rendering:pixelated;border:1px solid #ddd;display:block}
.thumb:focus{outline:2px solid var(--blue)}
.unit-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(30px,1fr));gap:2px;margin-top:12px;max-height:420px;overflow:auto}
.unit-grid canvas{width:100%;aspect-ratio:1;image-rendering:pixelated;cursor:pointer;border:1px solid transparent}
.unit-grid canvas.selected{border-color:#000;outline:2px solid var(--blue)}
.unit-detail{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:16px}
.unit-detail canvas.big{width:224px;height:224px;image-rendering:pixelated;border:1px solid #ccc}
.w2{display:grid;grid-template-columns:1.2em 1fr 4.5em;gap:6px;align-items:center;font-size:.9em;font-variant-numeric:tabular-nums}
.w2-track{background:#f1f1f1;height:.8em;position:relative;display:block}
.w2-bar{display:block;height:100%}.w2-bar.up{background:#b2182b}.w2-bar.down{background:#2166ac}
.w2 .pct{text-align:right}
.svg-box .cell{cursor:pointer}.svg-box .cell.selected rect{stroke:#000;stroke-width:2}
.cell-title{font-weight:600}
.tip{position:absolute;z-index:5;background:#fff;border:1px solid #bbb;border-radius:6px;box-shadow:0 2px 10px rgba(0,0,0,.15);padding:8px;width:250px;pointer-events:none}
.tip-title{font-weight:600;margin-bottom:4px}
figure{margin:1em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{color:var(--muted);font-size:.9em}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:.9em}
th,td{padding:.25em .7em;text-align:right;border-bottom:1px solid #eee;white-space:nowrap}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th[aria-sort=ascending]::after{content:" ▲"}table.sortable th[aria-sort=descending]::after{content:" ▼"}
pre{background:#f6f8fa;padding:1em;overflow:auto;font-size:.85em}
@media (max-width:600px){section{padding:10px}.card{min-width:0;flex:1 1 40%}.unit-detail canvas.big{width:180px;height:180px}}
`;
