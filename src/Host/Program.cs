using LossBench.Host;
using LossBench.Host.Cli;

ProcessTuning.Apply();
return CliApp.Run(args, Console.Out, Console.Error);
