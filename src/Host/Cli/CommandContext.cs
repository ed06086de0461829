namespace LossBench.Host.Cli;

/// <summary>
/// What a running command has learnt that its failure handling needs (one per invocation): the
/// results folder, once the command knows it, is where an internal error's log goes.
/// </summary>
public sealed class CommandContext
{
    public string? ResultsDirectory { get; set; }
}
