namespace LossBench.Host.Results;

/// <summary>
/// One file of results/&lt;benchmark&gt;/cells/ as read and verified (<see cref="ResultStore.Inspect"/>):
/// its record when it parsed, and why it cannot be used, or null when it can.
/// </summary>
/// <param name="Path">The file's full path.</param>
/// <param name="Record">The parsed record; null when the file is not a cell record at all.</param>
/// <param name="Problem">Why the file is not the record of the cell its name says (see <see cref="CellRecordCheck"/>), or null.</param>
public sealed record CellFile(string Path, CellRecord? Record, string? Problem)
{
    /// <summary>The file's name without ".json": the id of the cell it must describe.</summary>
    public string CellId => System.IO.Path.GetFileNameWithoutExtension(Path);
}
