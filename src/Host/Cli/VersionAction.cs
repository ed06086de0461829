using System.CommandLine;
using System.CommandLine.Invocation;

namespace LossBench.Host.Cli;

/// <summary>
/// `--version` prints this tool's informational version to the command's output (the built-in
/// action prints the entry assembly's version, which under a test host or another launcher is not ours).
/// </summary>
public sealed class VersionAction(TextWriter output) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        output.WriteLine(CliApp.Version);
        return 0;
    }
}
