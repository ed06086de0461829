namespace LossBench.Host.Data;

/// <summary>
/// The data sets <c>lossbench data get</c> knows. The built-in catalog holds the publishers'
/// addresses and checksums; tests pass their own catalog (files they made, checksums they computed).
/// </summary>
public sealed class DataCatalog(IReadOnlyList<DataSource> sources)
{
    public IReadOnlyList<DataSource> Sources { get; } = sources;

    public DataSource? Find(string name) => Sources.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The publishers' files. Where each checksum comes from is noted beside it; the sizes are the
    /// files' lengths in bytes as served (used for progress and <c>data list</c> only; the checksum decides).
    /// </summary>
    public static DataCatalog BuiltIn { get; } = new(
    [
        new DataSource(
            "mnist",
            "MNIST handwritten digits: 60,000 train and 10,000 test 28x28 grey images, 10 classes (IDX, gzipped)",
            "http://yann.lecun.com/exdb/mnist/",
            // The original site publishes no checksums and often refuses downloads; the second address is
            // the mirror torchvision uses (torchvision/datasets/mnist.py, MNIST.mirrors), tried when the first fails.
            [new Uri("http://yann.lecun.com/exdb/mnist/"), new Uri("https://ossci-datasets.s3.amazonaws.com/mnist/")],
            // MD5s: torchvision/datasets/mnist.py (MNIST.resources), the ones in wide use.
            [
                new DataFile("train-images-idx3-ubyte.gz", DataChecksum.Md5("f68b3c2dcbeaaa9fbdd348bbdeb94873"), 9_912_422),
                new DataFile("train-labels-idx1-ubyte.gz", DataChecksum.Md5("d53e105ee54ea40749a09fcbcd1e9432"), 28_881),
                new DataFile("t10k-images-idx3-ubyte.gz", DataChecksum.Md5("9fb629c4189551a2d022fa330f9573f3"), 1_648_877),
                new DataFile("t10k-labels-idx1-ubyte.gz", DataChecksum.Md5("ec29112dd5afa0611ce80d1b7f02629c"), 4_542),
            ],
            new DataLayout.KeepFiles(),
            dir => $"idx: {{ dir: {dir} }}"),
        new DataSource(
            "fashion-mnist",
            "Fashion-MNIST (Zalando): 60,000 train and 10,000 test 28x28 grey images of clothes, 10 classes (IDX, gzipped)",
            "https://github.com/zalandoresearch/fashion-mnist",
            // The publisher's download links (its README), then the data/fashion folder of its repository.
            [new Uri("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
             new Uri("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/")],
            // MD5s: the publisher's README (zalandoresearch/fashion-mnist, "Get the Data"); torchvision lists the same.
            [
                new DataFile("train-images-idx3-ubyte.gz", DataChecksum.Md5("8d4fb7e6c68d591d4c3dfef9ec88bf0d"), 26_421_880),
                new DataFile("train-labels-idx1-ubyte.gz", DataChecksum.Md5("25c81989df183df01b3e8a0aad5dffbe"), 29_515),
                new DataFile("t10k-images-idx3-ubyte.gz", DataChecksum.Md5("bef4ecab320f06d8554ea6380940ec79"), 4_422_102),
                new DataFile("t10k-labels-idx1-ubyte.gz", DataChecksum.Md5("bb300cfdad3c16e7a12a480ee83cd310"), 5_148),
            ],
            new DataLayout.KeepFiles(),
            dir => $"idx: {{ dir: {dir} }}"),
        new DataSource(
            "kmnist",
            "Kuzushiji-MNIST (ROIS-DS CODH): 60,000 train and 10,000 test 28x28 grey images of cursive Japanese, 10 classes (IDX, gzipped)",
            "https://github.com/rois-codh/kmnist",
            // The publisher's download links (rois-codh/kmnist README, "MNIST format").
            [new Uri("http://codh.rois.ac.jp/kmnist/dataset/kmnist/")],
            // MD5s: torchvision/datasets/mnist.py (KMNIST.resources); the publisher lists none.
            [
                new DataFile("train-images-idx3-ubyte.gz", DataChecksum.Md5("bdb82020997e1d708af4cf47b453dcf7"), 18_165_135),
                new DataFile("train-labels-idx1-ubyte.gz", DataChecksum.Md5("e144d726b3acfaa3e44228e80efcd344"), 29_497),
                new DataFile("t10k-images-idx3-ubyte.gz", DataChecksum.Md5("5c965bf0a639b31b8f53240b1b52f4d7"), 3_041_136),
                new DataFile("t10k-labels-idx1-ubyte.gz", DataChecksum.Md5("7320c461ea6c1c855c0b718fb2a4b134"), 5_120),
            ],
            new DataLayout.KeepFiles(),
            dir => $"idx: {{ dir: {dir} }}"),
        new DataSource(
            "cifar10",
            "CIFAR-10: 50,000 train and 10,000 test 32x32 colour images, 10 classes (binary version)",
            "https://www.cs.toronto.edu/~kriz/cifar.html",
            [new Uri("https://www.cs.toronto.edu/~kriz/")],
            // MD5: the publisher's page (cs.toronto.edu/~kriz/cifar.html, "CIFAR-10 binary version").
            [new DataFile("cifar-10-binary.tar.gz", DataChecksum.Md5("c32a1d4ab5d03f1284b67883e8d87530"), 170_052_171)],
            new DataLayout.UnpackTarGz("cifar-10-batches-bin",
                ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin", "batches.meta.txt"]),
            dir => $"cifar10: {{ dir: {dir} }}"),
        new DataSource(
            "cifar100",
            "CIFAR-100: 50,000 train and 10,000 test 32x32 colour images, 100 fine and 20 coarse classes (binary version)",
            "https://www.cs.toronto.edu/~kriz/cifar.html",
            [new Uri("https://www.cs.toronto.edu/~kriz/")],
            // MD5: the publisher's page (cs.toronto.edu/~kriz/cifar.html, "CIFAR-100 binary version").
            [new DataFile("cifar-100-binary.tar.gz", DataChecksum.Md5("03b5dce01913d631647c71ecec9e9cb8"), 168_513_733)],
            new DataLayout.UnpackTarGz("cifar-100-binary", ["train.bin", "test.bin", "fine_label_names.txt", "coarse_label_names.txt"]),
            dir => $"cifar100: {{ dir: {dir}, labels: fine }}"),
    ]);
}
