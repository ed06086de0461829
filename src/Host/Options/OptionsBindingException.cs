namespace LossBench.Host.Options;

/// <summary>
/// An option value that could not be bound or did not validate. The message starts with where
/// (file:line:column when known) and the option path (<c>losses[2].focal.gamma</c>), then says
/// what was expected and what was found.
/// </summary>
public sealed class OptionsBindingException(string path, SourceLocation? location, string problem)
    : Exception((location is null ? "" : location + ": ") + path + ": " + problem)
{
    public string OptionPath { get; } = path;
    public SourceLocation? Location { get; } = location;
    public string Problem { get; } = problem;
}
