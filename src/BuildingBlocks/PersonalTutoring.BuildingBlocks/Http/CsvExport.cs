using CsvHelper;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace PersonalTutoring.BuildingBlocks.Http;

/// <summary>
/// Every list export leaves the same way (docs/adr/0051): RFC 4180 through CsvHelper (CRLF records, fields with a comma,
/// quote or line break quoted, quotes doubled), UTF-8, a header row, text that a spreadsheet would run as a formula
/// prefixed with <c>'</c>, <c>true</c>/<c>false</c> as JSON writes them, and a <c>Content-Disposition</c> with the file
/// name. Excel reads UTF-8 correctly only after a byte order mark, which the client asks for with <c>bom=true</c>.
/// </summary>
public static class CsvExport
{
    public const string MediaType = "text/csv";

    /// <summary>The response's full content type: RFC 4180's optional <c>header</c> parameter says the first record names the columns.</summary>
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    public const string ByteOrderMarkDescription = "With CSV: start the file with a UTF-8 byte order mark, which Excel needs to read non-ASCII text.";

    /// <summary>Whether the client's <c>Accept</c> header asks for CSV (a media range such as <c>text/*</c> alone does not).</summary>
    public static bool AcceptsCsv(this HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(a => a.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);

    internal static CsvWriterOptions Options(bool byteOrderMark) => CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        TrueValue = "true",
        FalseValue = "false",
        WriteByteOrderMark = byteOrderMark,
    };

    /// <summary>
    /// The records as a CSV download. <typeparamref name="T"/> is a <c>[CsvRecord]</c> type (CsvHelper generates its
    /// writer at compile time); its <c>[CsvColumn]</c> names are the header, camelCase like the JSON of the same list.
    /// </summary>
    public static IResult Csv<T>(IEnumerable<T> records, string fileName, bool byteOrderMark = false) =>
        Results.Stream(async body =>
        {
            await using var csv = CsvWriter.Create(body, Options(byteOrderMark), leaveOpen: true);
            await csv.WriteRecordsAsync(records);
            await csv.FlushAsync();
        }, ContentType, fileDownloadName: fileName);

    /// <summary>The records as CSV text, for tests and for callers that need the bytes rather than a response.</summary>
    public static byte[] Write<T>(IEnumerable<T> records, bool byteOrderMark = false)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, Options(byteOrderMark), leaveOpen: true))
            csv.WriteRecords(records);
        return buffer.ToArray();
    }
}
