using System.Globalization;
using System.Text;

namespace LossBench.Host.Verify;

/// <summary>
/// The text of a snapshot file (&lt;name&gt;.verified.md): a heading, the environment as a table,
/// the cell ids, then one table per report table. Written and read here only; the reader accepts
/// exactly what the writer writes (a hand-edited file that breaks the layout is bad input, named by
/// file and line).
/// </summary>
public static class SnapshotMarkdown
{
    private const string Title = "# LossBench snapshot: ";
    private const string EnvironmentHeading = "## environment";
    private const string CellsHeading = "## cells";

    public static string Write(Snapshot snapshot)
    {
        var text = new StringBuilder();
        text.Append(Title).Append(snapshot.Benchmark).Append('\n').Append('\n');
        text.Append("Written by `lossbench verify` (accept a new one with `lossbench verify --accept`). Values have ")
            .Append(snapshot.Digits.ToString(CultureInfo.InvariantCulture)).Append(" digits; rows sorted by label.\n\n");
        text.Append(EnvironmentHeading).Append("\n\n| entry | value |\n|---|---|\n");
        foreach (var (entry, value) in snapshot.Environment) text.Append("| ").Append(Escape(entry)).Append(" | ").Append(Escape(value)).Append(" |\n");
        text.Append('\n').Append(CellsHeading).Append("\n\n");
        foreach (var id in snapshot.Cells) text.Append("- ").Append(id).Append('\n');
        foreach (var table in snapshot.Tables)
        {
            text.Append('\n').Append("## ").Append(table.Heading).Append("\n\n");
            text.Append("| ").Append(table.RowAxis).Append(" | ").Append(table.ColumnAxis).Append(" | ").Append(string.Join(" | ", SnapshotRow.Columns)).Append(" |\n");
            text.Append("|---|---|").Append(string.Concat(SnapshotRow.Columns.Select(_ => "---:|"))).Append('\n');
            foreach (var row in table.Rows)
                text.Append("| ").Append(Escape(row.Row)).Append(" | ").Append(Escape(row.Column)).Append(" | ").Append(string.Join(" | ", row.Values.Select(Escape))).Append(" |\n");
        }
        return text.ToString();
    }

    /// <summary>Reads a snapshot file; <see cref="InvalidDataException"/> naming the file and line when it is not one.</summary>
    public static Snapshot Read(string text, string file)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || !lines[0].StartsWith(Title, StringComparison.Ordinal))
            throw Bad(file, 1, $"expected '{Title.TrimEnd()} <name>'");
        var benchmark = lines[0][Title.Length..];
        var digits = 0;
        var environment = new List<KeyValuePair<string, string>>();
        var cells = new List<string>();
        var tables = new List<SnapshotTable>();
        string? section = null;
        string[]? header = null;
        var rows = new List<SnapshotRow>();

        void EndTable()
        {
            if (section is not null && section != EnvironmentHeading && section != CellsHeading && header is not null)
            {
                var heading = section[3..];
                var metric = heading.IndexOf(" (", StringComparison.Ordinal) is var at and > 0 ? heading[..at] : heading;
                tables.Add(new SnapshotTable(metric, heading, header[0], header[1], rows.ToArray()));
            }
            header = null;
            rows = [];
        }

        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("Written by", StringComparison.Ordinal) && line.IndexOf("Values have ", StringComparison.Ordinal) is var d and > 0)
            {
                var rest = line[(d + "Values have ".Length)..];
                digits = int.Parse(rest[..rest.IndexOf(' ')], CultureInfo.InvariantCulture);
                continue;
            }
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                EndTable();
                section = line;
                continue;
            }
            if (line.Length == 0) continue;
            if (section == CellsHeading)
            {
                if (!line.StartsWith("- ", StringComparison.Ordinal)) throw Bad(file, i + 1, "expected '- <cell id>'");
                cells.Add(line[2..]);
                continue;
            }
            if (section is null || !line.StartsWith('|')) throw Bad(file, i + 1, "expected a table row");
            if (line.StartsWith("|---", StringComparison.Ordinal)) continue;
            var fields = Split(line);
            if (section == EnvironmentHeading)
            {
                if (fields is ["entry", "value"]) continue;
                if (fields.Length != 2) throw Bad(file, i + 1, "expected '| entry | value |'");
                environment.Add(new(fields[0], fields[1]));
            }
            else if (header is null)
            {
                if (fields.Length != 2 + SnapshotRow.Columns.Count) throw Bad(file, i + 1, $"expected a header of {2 + SnapshotRow.Columns.Count} columns");
                header = fields;
            }
            else
            {
                if (fields.Length != header.Length) throw Bad(file, i + 1, $"expected {header.Length} columns, got {fields.Length}");
                rows.Add(new SnapshotRow(fields[0], fields[1], fields[2..]));
            }
        }
        EndTable();
        return new Snapshot(benchmark, digits, environment, cells, tables);
    }

    private static InvalidDataException Bad(string file, int line, string problem) =>
        new($"{file}:{line}: not a LossBench snapshot: {problem}; write it again with `lossbench verify --accept`");

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>The fields of "| a | b\|c |": a and b|c.</summary>
    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        for (var i = 1; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] == '|')
            {
                field.Append('|');
                i++;
            }
            else if (line[i] == '|')
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else field.Append(line[i]);
        }
        return fields.ToArray();
    }
}
