/** Serialization markers that bind Gambit's messages and events to Akka's Jackson serializer. */
package gambit.serialization;
