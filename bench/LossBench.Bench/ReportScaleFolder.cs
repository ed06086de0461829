using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LossBench.Host.Matrix;
using LossBench.Host.Results;

namespace LossBench.Bench;

/// <summary>
/// `LossBench.Bench report-scale SOURCE TARGET [--cells N]`: a results folder of N cells for timing
/// `report`, grown from a real run (SOURCE, e.g. the default benchmark's results). The baseline
/// loss's cells are kept; every other cell is copied under new losses (its loss options get a
/// "copy" number, so the copy has its own config, id and label) with its predictions file, whose
/// metadata names the new id, until there are N cells. Every copy passes the report's record checks.
/// </summary>
public static class ReportScaleFolder
{
    public const string Usage = "usage: LossBench.Bench report-scale SOURCE TARGET [--cells N] [--baseline LOSS]";

    public static int Run(string[] args)
    {
        if (args.Length < 2) throw new ArgumentException("SOURCE and TARGET are required");
        var (source, target) = (args[0], args[1]);
        var cells = 200;
        var baseline = "cross-entropy";
        for (var i = 2; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--cells": cells = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--baseline": baseline = args[i + 1]; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (Directory.Exists(target)) throw new ArgumentException($"{target} exists; give a new folder");
        Directory.CreateDirectory(Path.Combine(target, "cells"));
        Directory.CreateDirectory(Path.Combine(target, "predictions"));

        var records = Directory.GetFiles(Path.Combine(source, "cells"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject()).ToArray();
        var written = 0;
        var ids = new JsonArray();
        var losses = new JsonArray(baseline);
        foreach (var record in records.Where(r => (string?)r["loss"] == baseline))
        {
            Write(source, target, record, record);
            ids.Add((string)record["id"]!);
            written++;
        }
        var others = records.Where(r => (string?)r["loss"] != baseline).ToArray();
        if (others.Length == 0) throw new ArgumentException($"{source} has no cell other than the baseline {baseline}'s");
        for (var copy = 0; written < cells; copy++)
        foreach (var original in others)
        {
            if (written >= cells) break;
            var record = (JsonObject)original.DeepClone();
            var config = record["config"]!.AsObject();
            config["loss"]!["options"]!["copy"] = copy;
            record["id"] = CanonicalJson.Hash(config);
            record["loss"] = $"{original["loss"]}#{copy}";
            Write(source, target, original, record);
            ids.Add((string)record["id"]!);
            if (!losses.Any(l => (string?)l == (string)record["loss"]!)) losses.Add((string)record["loss"]!);
            written++;
        }
        // The benchmark record lists the plan's cells and the loss order: the copies are part of the plan.
        var benchmark = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "benchmark.json")))!.AsObject();
        benchmark["cell-ids"] = ids;
        benchmark["axis-order"]!["loss"] = losses;
        File.WriteAllText(Path.Combine(target, "benchmark.json"), benchmark.ToJsonString(ResultJson.Options));
        Console.WriteLine($"{written} cells in {target}");
        return 0;
    }

    private static void Write(string source, string target, JsonObject original, JsonObject record)
    {
        var id = (string)record["id"]!;
        if (original["predictions"] is JsonObject predictions)
        {
            var bytes = File.ReadAllBytes(Path.Combine(source, (string)predictions["file"]!));
            // The header's metadata names the cell; both ids are 12 characters, so the header keeps its length.
            var oldId = Encoding.ASCII.GetBytes((string)original["id"]!);
            var headerLength = (int)BitConverter.ToUInt64(bytes, 0);
            var at = bytes.AsSpan(8, headerLength).IndexOf(oldId);
            if (at < 0) throw new InvalidDataException($"the predictions of {original["id"]} do not name their cell");
            Encoding.ASCII.GetBytes(id).CopyTo(bytes, 8 + at);
            var file = $"predictions/{id}.safetensors";
            File.WriteAllBytes(Path.Combine(target, file), bytes);
            record["predictions"] = new JsonObject { ["file"] = file, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)) };
        }
        File.WriteAllText(Path.Combine(target, "cells", id + ".json"), record.ToJsonString(ResultJson.Options));
    }
}
