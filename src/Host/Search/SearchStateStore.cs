using System.Text.Json;
using LossBench.Host.Results;

namespace LossBench.Host.Search;

/// <summary>
/// Reads and writes a search's state file (JSON in the results style). Writes go through
/// <see cref="AtomicFile"/>, so a search killed at any moment leaves the state of its last finished
/// evaluation, never a part of one.
/// </summary>
public static class SearchStateStore
{
    public const string FileName = "search-state.json";

    public static SearchState? TryLoad(string path)
    {
        if (!File.Exists(path)) return null;
        SearchState? state;
        try
        {
            state = JsonSerializer.Deserialize<SearchState>(File.ReadAllText(path), ResultJson.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a search state ({e.Message}); delete it to start the search afresh", e);
        }
        if (state is null) throw new InvalidDataException($"{path} is empty; delete it to start the search afresh");
        if (state.Version != SearchState.CurrentVersion)
            throw new InvalidDataException($"{path} was written by search state version {state.Version}, this tool reads version {SearchState.CurrentVersion}; delete it to start afresh");
        return state;
    }

    public static void Save(string path, SearchState state) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(state, ResultJson.Options) + "\n");
}
