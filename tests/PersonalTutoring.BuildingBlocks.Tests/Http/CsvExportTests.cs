using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.BuildingBlocks.Tests.Http;

[CsvRecord]
public sealed partial record ExportRow(
    [property: CsvColumn("id")] string Id,
    [property: CsvColumn("name")] string Name,
    [property: CsvColumn("on")] DateOnly? On,
    [property: CsvColumn("count")] int Count,
    [property: CsvColumn("flag")] bool Flag);

/// <summary>The shape of every CSV export (docs/adr/0051): RFC 4180, UTF-8 with an optional BOM, formulas defused.</summary>
public sealed class CsvExportTests
{
    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    [Fact]
    public void Records_end_with_crlf_and_the_header_names_the_columns()
    {
        var csv = Text(CsvExport.Write([new ExportRow("a1", "Ada", new DateOnly(2025, 10, 13), 3, true), new ExportRow("a2", "Bo", null, 0, false)]));

        csv.Should().Be("id,name,on,count,flag\r\na1,Ada,2025-10-13,3,true\r\na2,Bo,,0,false\r\n");
    }

    [Theory]
    [InlineData("Lovelace, Ada", "\"Lovelace, Ada\"")]
    [InlineData("Ada \"the Countess\"", "\"Ada \"\"the Countess\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("O'Brien", "O'Brien")]
    public void A_field_with_a_comma_quote_or_line_break_is_quoted_with_inner_quotes_doubled(string name, string written)
    {
        var csv = Text(CsvExport.Write([new ExportRow("a1", name, null, 1, false)]));

        csv.Should().Be($"id,name,on,count,flag\r\na1,{written},,1,false\r\n");
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+44 20 7946 0000")]
    [InlineData("-1")]
    [InlineData("@SUM(A1)")]
    public void Text_a_spreadsheet_would_run_as_a_formula_is_prefixed_so_it_shows_as_text(string name)
    {
        var row = Text(CsvExport.Write([new ExportRow("a1", name, null, -1, false)])).Split("\r\n")[1];

        row.Should().StartWith("a1,\"'" + name[0]);
        row.Should().EndWith(",-1,false", "numbers are not text and keep their sign");
    }

    [Fact]
    public void Non_ascii_text_is_utf8_with_a_byte_order_mark_only_when_asked_for()
    {
        ExportRow[] rows = [new ExportRow("a1", "Zoë Ó Súilleabháin", null, 1, true)];

        var plain = CsvExport.Write(rows);
        var excel = CsvExport.Write(rows, byteOrderMark: true);

        plain.Take(3).Should().NotEqual(Encoding.UTF8.Preamble.ToArray());
        excel.Take(3).Should().Equal(Encoding.UTF8.Preamble.ToArray());
        Encoding.UTF8.GetString(excel.AsSpan(3)).Should().Be(Text(plain)).And.Contain("Zoë Ó Súilleabháin");
    }

    [Fact]
    public void What_is_written_reads_back_field_for_field()
    {
        ExportRow[] rows = [new ExportRow("a1", "Lovelace, \"Ada\"\r\nCountess", new DateOnly(2025, 1, 2), 7, true), new ExportRow("a2", "", null, 0, false)];

        using var reader = CsvReader.Create(new MemoryStream(CsvExport.Write(rows, byteOrderMark: true)));
        var read = reader.GetRecords<ExportRow>().ToList();

        read.Should().Equal(rows);
    }

    [Fact]
    public async Task The_download_names_its_file_and_declares_utf8_and_a_header_row()
    {
        var http = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
        };

        await CsvExport.Csv([new ExportRow("a1", "Ada", null, 1, true)], "caseloads-MED.csv", byteOrderMark: true).ExecuteAsync(http);

        http.Response.ContentType.Should().Be("text/csv; charset=utf-8; header=present");
        http.Response.Headers.ContentDisposition.ToString().Should().Contain("attachment").And.Contain("filename=caseloads-MED.csv");
        ((MemoryStream)http.Response.Body).ToArray().Should().Equal(CsvExport.Write([new ExportRow("a1", "Ada", null, 1, true)], byteOrderMark: true));
    }

    [Theory]
    [InlineData("text/csv", true)]
    [InlineData("application/json, text/csv;q=0.5", true)]
    [InlineData("TEXT/CSV", true)]
    [InlineData("text/csv;q=0", false)]
    [InlineData("text/*", false)]
    [InlineData("application/json", false)]
    [InlineData("", false)]
    public void Csv_is_chosen_by_the_accept_header(string accept, bool csv)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers.Accept = accept;

        http.Request.AcceptsCsv().Should().Be(csv);
    }
}
