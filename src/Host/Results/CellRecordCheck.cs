using System.Text.Json.Nodes;
using LossBench.Host.Matrix;

namespace LossBench.Host.Results;

/// <summary>
/// What makes a stored record the record of the cell its file name says: a file copied over
/// another cell's, a hand-edited configuration or a stray file among the records would otherwise
/// be counted, reused or reported as that cell.
/// </summary>
public static class CellRecordCheck
{
    /// <summary>
    /// Why <paramref name="record"/>, read from cells/&lt;<paramref name="fileId"/>&gt;.json, cannot be
    /// that cell's record, or null when it can: its id is the file's name, the id is the hash of its
    /// own canonical config, the config names the seed it records, and, where the current plan knows
    /// the cell (<paramref name="planned"/>), the config is the plan's. A record of an earlier
    /// <see cref="ResultFormat"/> is not checked (ids meant something else then): it is never reused
    /// or counted anyway.
    /// </summary>
    public static string? Problem(CellRecord record, string fileId, JsonObject? planned)
    {
        if (record.FormatVersion != ResultFormat.Current) return null;
        // Required members can still be written as null; each would fail later, far from the file.
        if (record.Id is null) return "it has no id";
        if (record.Id != fileId) return $"it holds the record of cell {record.Id}, not of {fileId} (a copy of another cell's file?)";
        if (record.Config is null) return "it has no config";
        var hash = CanonicalJson.Hash(record.Config);
        if (hash != record.Id) return $"its config hashes to {hash}, not to its id {record.Id} (edited or damaged)";
        if (planned is not null && CanonicalJson.Serialize(planned) != CanonicalJson.Serialize(record.Config))
            return $"its config is not the current plan's config of cell {record.Id}";
        if (!(record.Config["seed"] is JsonValue seed && seed.TryGetValue<ulong>(out var configured) && configured == record.Seed))
            return $"it records seed {record.Seed}, and its config another";
        if (record.Evaluations is null || record.Evaluations.Values.Any(e => e?.Metrics is null))
            return "its evaluations are missing or malformed";
        return null;
    }
}
