using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PersonalTutoring.DataProtection.Contracts;

namespace PersonalTutoring.DataProtection.SubjectAccess;

/// <summary>
/// The export as one readable, self-contained HTML page: no scripts, no external resources, every value encoded; each
/// record's content laid out as nested definition lists from the same JSON the machine-readable export carries.
/// </summary>
internal static class SubjectAccessHtml
{
    public static string Render(SubjectAccessBundle bundle, string title)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(title)).Append("</title><style>")
            .Append("body{font-family:Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#0b0c0c;line-height:1.4}")
            .Append("h2{border-bottom:2px solid #0b0c0c;padding-bottom:.2rem;margin-top:2rem}h3{font-size:1.05rem;margin:1.2rem 0 .3rem}")
            .Append("dl{margin:0 0 0 1rem;display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem}dt{font-weight:bold}dd{margin:0;white-space:pre-wrap;word-break:break-word}")
            .Append("table{border-collapse:collapse}td,th{border:1px solid #b1b4b6;padding:.3rem .5rem;text-align:left}@media print{h2{break-after:avoid}}")
            .Append("</style></head><body>")
            .Append("<h1>").Append(E(title)).Append("</h1><dl>")
            .Append("<dt>Student</dt><dd>").Append(E(bundle.StudentId)).Append("</dd>")
            .Append("<dt>Produced</dt><dd>").Append(bundle.ProducedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append("</dd>");
        if (bundle.ExportId is { } id) html.Append("<dt>Export</dt><dd>").Append(id).Append("</dd>");
        if (bundle.ErasedAt is { } erased)
            html.Append("<dt>Erased</dt><dd>Personal text was erased on ").Append(erased.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(" and reads \"[erased]\".</dd>");
        html.Append("<dt>Records</dt><dd>").Append(bundle.RecordCount).Append("</dd></dl>");

        html.Append("<h2>Contents</h2><table><thead><tr><th scope=\"col\">Kind of record</th><th scope=\"col\">Number</th></tr></thead><tbody>");
        foreach (var kind in SubjectRecordKinds.All)
        {
            var count = bundle.Sections.Sum(s => s.Records.Count(r => r.Kind == kind));
            if (count > 0) html.Append("<tr><td>").Append(E(Label(kind))).Append("</td><td>").Append(count).Append("</td></tr>");
        }
        html.Append("</tbody></table>");

        foreach (var section in bundle.Sections)
        {
            html.Append("<h2>").Append(E(section.Module)).Append("</h2>");
            foreach (var record in section.Records)
            {
                html.Append("<h3>").Append(E(Label(record.Kind)));
                if (record.At is { } at) html.Append(" — ").Append(at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
                html.Append("</h3>");
                Value(html, record.Content);
            }
        }
        if (bundle.Withheld.Count > 0)
        {
            html.Append("<h2>Withheld</h2><p>These records are held but not included, under the exemption and for the reason recorded.</p>")
                .Append("<table><thead><tr><th scope=\"col\">Kind of record</th><th scope=\"col\">Exemption</th><th scope=\"col\">Reason</th></tr></thead><tbody>");
            foreach (var w in bundle.Withheld)
                html.Append("<tr><td>").Append(E(Label(w.Kind))).Append("</td><td>").Append(E(w.Exemption)).Append("</td><td>").Append(E(w.Reason)).Append("</td></tr>");
            html.Append("</tbody></table>");
        }
        return html.Append("</body></html>").ToString();
    }

    private static string Label(string kind) => char.ToUpperInvariant(kind[0]) + kind[1..].Replace('-', ' ');

    private static void Value(StringBuilder html, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                html.Append("<dl>");
                foreach (var property in value.EnumerateObject())
                {
                    html.Append("<dt>").Append(E(property.Name)).Append("</dt><dd>");
                    Value(html, property.Value);
                    html.Append("</dd>");
                }
                html.Append("</dl>");
                break;
            case JsonValueKind.Array:
                if (value.GetArrayLength() == 0) { html.Append("none"); break; }
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (i++ > 0) html.Append(item.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? "" : ", ");
                    Value(html, item);
                }
                break;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                html.Append('—');
                break;
            case JsonValueKind.String:
                html.Append(E(value.GetString()));
                break;
            default:
                html.Append(E(value.GetRawText()));
                break;
        }
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
