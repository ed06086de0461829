using System.Reflection;
using LossBench.Host;

// The command line grows into `run`, `list`, `plan`, `report` and `doctor`; for now the tool
// runs the training demo on the embedded data, which exercises the whole engine end to end.
if (args.Contains("--version"))
{
    Console.WriteLine(typeof(TrainingDemo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
    return 0;
}

var options = new TrainingDemo.Options();
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
    options = args[i] switch
    {
        "--epochs" => options with { Epochs = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
        "--threads" => options with { Threads = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
        "--seed" => options with { Seed = ulong.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
        "--data" => options with { DataDirectory = Next() },
        "demo" => options,
        _ => throw new ArgumentException($"unknown argument '{args[i]}' (usage: lossbench [demo] [--epochs N] [--threads N] [--seed N] [--data DIR] | --version)"),
    };
}

var results = new TrainingDemo(Console.Out).Run(options);
return results[^1].TestAccuracy > 0.5 ? 0 : 1;
